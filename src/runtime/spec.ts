/**
 * buildSpec: the engine's merged container settings → the OCI config.json
 * Docker would hand to runc. Pure: every host fact comes in through
 * `input.host`, so the whole mapping is unit-testable.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { LinuxNamespace, LinuxNamespaceType, LinuxResources, LinuxSeccomp, Mount, Process, Spec } from '../oci/runtime-spec.js';
import { OCI_VERSION } from '../oci/runtime-spec.js';
import { capabilitySets, effectiveCapabilityList } from './capabilities.js';
import { defaultDeviceRules, parseDeviceCgroupRule } from './devices.js';
import { ulimitsToRlimits } from './rlimits.js';
import { defaultSeccomp, seccompFor } from './seccomp.js';
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  DEFAULT_SHM_SIZE,
  INIT_PATH_IN_CONTAINER,
  defaultMounts,
  sysctlNamespace,
} from './spec-defaults.js';
import { cgroupWritable, systemdEnv, systemdMounts } from './systemd-spec.js';
import type { NamespaceMode, ResolvedUser, ResourceInput, SpecInput, SpecMount } from './types.js';

export const DEFAULT_CGROUP_PARENT = '/wharf';
const CPU_PERIOD_FOR_NANO_CPUS = 100000;

export function buildSpec(input: SpecInput): Spec {
  const privileged = input.privileged ?? false;
  const caps = effectiveCapabilityList({ capAdd: input.capAdd, capDrop: input.capDrop, privileged, hostCaps: input.host.boundingCaps });
  const ns = input.namespaces;
  const hostUts = ns.uts?.type === 'host';
  validateSysctls(input.sysctls ?? {}, ns);
  if (input.oomScoreAdj !== undefined && (input.oomScoreAdj < -1000 || input.oomScoreAdj > 1000)) {
    throw invalidArgument(`Invalid value ${input.oomScoreAdj}, range for oom score adj is [-1000, 1000]`);
  }

  const cgroupsPath = `${input.cgroupParent ?? DEFAULT_CGROUP_PARENT}/${input.id}`;
  const spec: Spec = {
    ociVersion: OCI_VERSION,
    process: buildProcess(input, caps),
    root: { path: input.rootfs, readonly: input.readonlyRootfs ?? false },
    ...(hostUts ? {} : { hostname: input.hostname, ...(input.domainname ? { domainname: input.domainname } : {}) }),
    mounts: buildMounts(input, cgroupsPath),
    linux: {
      // systemd's cgroup tree must start at its own cgroup: a namespace of its own.
      namespaces: buildNamespaces(input.systemd ? { ...ns, cgroup: { type: 'private' } } : ns),
      cgroupsPath,
      resources: buildResources(input),
      devices: [...(input.devices ?? [])],
      ...(input.sysctls && Object.keys(input.sysctls).length > 0 ? { sysctl: { ...input.sysctls } } : {}),
      ...(privileged
        ? {}
        : {
            maskedPaths: [...(input.maskedPaths ?? DEFAULT_MASKED_PATHS)],
            readonlyPaths: [...(input.readonlyPaths ?? DEFAULT_READONLY_PATHS)],
          }),
      ...(privileged || input.seccomp === 'unconfined' ? {} : { seccomp: containerSeccomp(input, caps) }),
    },
    ...(input.annotations && Object.keys(input.annotations).length > 0 ? { annotations: { ...input.annotations } } : {}),
  };
  return spec;
}

function containerSeccomp(input: SpecInput, caps: string[]): LinuxSeccomp {
  const opts = { capabilities: caps, kernelRelease: input.host.kernelRelease };
  return typeof input.seccomp === 'object' ? seccompFor(input.seccomp, opts) : defaultSeccomp(opts);
}

function buildProcess(input: SpecInput, caps: string[]): Process {
  const args = input.initPath ? [INIT_PATH_IN_CONTAINER, '--', ...input.args] : [...input.args];
  if (args.length === 0) throw invalidArgument('no command specified');
  const rlimits = input.ulimits && input.ulimits.length > 0 ? ulimitsToRlimits(input.ulimits, input.host.hardRlimits) : undefined;
  return {
    terminal: input.tty,
    ...(input.tty && input.consoleSize ? { consoleSize: { ...input.consoleSize } } : {}),
    user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length > 0 ? { additionalGids: [...input.user.additionalGids] } : {}) },
    args,
    env: input.systemd ? systemdEnv(input.env, input.systemd) : [...input.env],
    cwd: input.cwd || '/',
    capabilities: capabilitySets(caps, input.user.uid),
    ...(rlimits ? { rlimits } : {}),
    ...(input.noNewPrivileges ? { noNewPrivileges: true } : {}),
    ...(input.oomScoreAdj !== undefined ? { oomScoreAdj: input.oomScoreAdj } : {}),
  };
}

export interface ExecProcessInput {
  args: string[];
  /** Added to (and overriding by name) the container's environment. */
  env?: string[];
  /** Default: the container's working directory. */
  cwd?: string;
  /** Default: the container's user. */
  user?: ResolvedUser;
  tty: boolean;
  /** `exec --privileged`: every capability of the daemon. */
  privileged?: boolean;
  hostCaps: readonly string[];
}

/**
 * The process of `docker exec`: the container's own process settings
 * (capabilities, rlimits, no-new-privileges …) with the exec's command,
 * environment, directory and user.
 */
export function buildExecProcess(base: Process, e: ExecProcessInput): Process {
  if (e.args.length === 0) throw invalidArgument('No exec command specified');
  const user = e.user ?? { uid: base.user.uid, gid: base.user.gid, additionalGids: base.user.additionalGids ?? [] };
  const caps = e.privileged ? [...e.hostCaps] : (base.capabilities?.bounding ?? []);
  const env = new Map<string, string>();
  for (const kv of [...(base.env ?? []), ...(e.env ?? [])]) env.set(kv.split('=', 1)[0] as string, kv);
  const { consoleSize: _drop, ...rest } = base;
  return {
    ...rest,
    terminal: e.tty,
    args: [...e.args],
    env: [...env.values()],
    cwd: e.cwd || base.cwd,
    user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: [...user.additionalGids] } : {}) },
    capabilities: capabilitySets(caps, user.uid),
  };
}

function toOciMount(m: SpecMount): Mount {
  if (m.type === 'tmpfs') {
    return { destination: m.destination, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', ...(m.readonly ? ['ro'] : []), ...(m.options ?? [])] };
  }
  if (!m.source) throw invalidArgument(`bind mount ${m.destination} has no source`);
  const opts = m.options ?? [];
  const hasPropagation = opts.some((o) => /^r?(shared|slave|private)$/.test(o));
  return {
    destination: m.destination,
    type: 'bind',
    source: m.source,
    options: [...(opts.includes('bind') ? [] : ['rbind']), ...(hasPropagation ? [] : ['rprivate']), ...(m.readonly ? ['ro'] : []), ...opts],
  };
}

/** Parents before children, so a mount under another lands on top of it (moby sorts by path depth). */
function depth(p: string): number {
  return p.split('/').filter((c) => c !== '').length;
}

function buildMounts(input: SpecInput, cgroupsPath: string): Mount[] {
  const user: Mount[] = (input.mounts ?? []).map(toOciMount);
  const etc = input.etcFiles ?? {};
  const etcMounts: Array<[string, string | undefined]> = [
    ['/etc/resolv.conf', etc.resolvConf],
    ['/etc/hostname', etc.hostname],
    ['/etc/hosts', etc.hosts],
  ];
  for (const [destination, source] of etcMounts) {
    // A user bind over the same file wins, as in Docker.
    if (source && !user.some((m) => m.destination === destination)) {
      user.push({ destination, type: 'bind', source, options: ['rbind', 'rprivate', ...(input.readonlyRootfs ? ['ro'] : [])] });
    }
  }
  if (input.initPath) user.push({ destination: INIT_PATH_IN_CONTAINER, type: 'bind', source: input.initPath, options: ['bind', 'ro'] });
  if (input.systemd) user.push(...systemdMounts(input.host, cgroupsPath, new Set(user.map((m) => m.destination))));

  const userDests = new Set(user.map((m) => m.destination));
  const userDev = userDests.has('/dev');
  const defaults = defaultMounts({
    privileged: input.privileged ?? false,
    cgroupWritable: input.systemd !== undefined && cgroupWritable(input.host),
    shmSize: input.shmSize && input.shmSize > 0 ? input.shmSize : DEFAULT_SHM_SIZE,
    hostIpc: input.namespaces.ipc?.type === 'host',
    ipcNone: input.namespaces.ipcNone ?? false,
  }).filter((m) => !userDests.has(m.destination) && !(userDev && m.destination.startsWith('/dev/')));
  // Stable sort keeps user order among equal depths.
  return [...defaults, ...user.sort((a, b) => depth(a.destination) - depth(b.destination))];
}

function namespace(type: LinuxNamespaceType, mode: NamespaceMode | undefined): LinuxNamespace[] {
  if (mode?.type === 'host') return [];
  if (mode?.type === 'path') return [{ type, path: mode.path }];
  return [{ type }];
}

function buildNamespaces(ns: SpecInput['namespaces']): LinuxNamespace[] {
  return [
    ...namespace('pid', ns.pid),
    ...namespace('network', ns.network),
    ...namespace('ipc', ns.ipc),
    ...namespace('uts', ns.uts),
    ...(ns.cgroup?.type === 'private' ? [{ type: 'cgroup' as const }] : []),
    { type: 'mount' },
  ];
}

export function validateSysctls(sysctls: Record<string, string>, ns: SpecInput['namespaces']): void {
  for (const key of Object.keys(sysctls)) {
    const kind = sysctlNamespace(key);
    if (!kind) throw invalidArgument(`sysctl '${key}' is not whitelisted`);
    const mode = kind === 'net' ? ns.network : kind === 'ipc' ? ns.ipc : ns.uts;
    if (mode?.type === 'host') {
      const name = kind === 'net' ? 'network' : kind.toUpperCase();
      throw invalidArgument(`sysctl '${key}' is not allowed in the host ${name} namespace`);
    }
  }
}

/** Docker HostConfig resource fields → OCI linux.resources (without devices). */
export function toLinuxResources(r: ResourceInput, swapLimit: boolean): LinuxResources {
  const out: LinuxResources = {};
  const memory: NonNullable<LinuxResources['memory']> = {};
  if (r.memory) memory.limit = r.memory;
  if (r.memoryReservation) memory.reservation = r.memoryReservation;
  if (swapLimit && r.memorySwap) memory.swap = r.memorySwap;
  if (r.memorySwappiness !== undefined && r.memorySwappiness >= 0) memory.swappiness = r.memorySwappiness;
  if (r.oomKillDisable) memory.disableOOMKiller = true;
  if (Object.keys(memory).length > 0) out.memory = memory;

  const cpu: NonNullable<LinuxResources['cpu']> = {};
  if (r.cpuShares) cpu.shares = r.cpuShares;
  if (r.nanoCpus) {
    cpu.period = CPU_PERIOD_FOR_NANO_CPUS;
    cpu.quota = Math.round((r.nanoCpus * CPU_PERIOD_FOR_NANO_CPUS) / 1e9);
  } else {
    if (r.cpuPeriod) cpu.period = r.cpuPeriod;
    if (r.cpuQuota) cpu.quota = r.cpuQuota;
  }
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  if (r.cpusetMems) cpu.mems = r.cpusetMems;
  if (Object.keys(cpu).length > 0) out.cpu = cpu;

  // Docker's 0 and -1 both mean unlimited; -1 lets `update` lift an earlier limit.
  if (r.pidsLimit !== undefined) out.pids = { limit: r.pidsLimit > 0 ? r.pidsLimit : -1 };
  if (r.blkioWeight) out.blockIO = { weight: r.blkioWeight };
  return out;
}

function buildResources(input: SpecInput): LinuxResources {
  const devices = input.privileged
    ? [{ allow: true, access: 'rwm' }]
    : [...defaultDeviceRules(), ...(input.deviceRules ?? []), ...(input.deviceCgroupRules ?? []).map(parseDeviceCgroupRule)];
  return { devices, ...toLinuxResources(input.resources ?? {}, input.host.swapLimit) };
}

/**
 * config.json text. JSON numbers lose precision above 2^53, so RLIM_INFINITY
 * (which JSON.stringify prints as 18446744073709552000) is written exactly.
 */
export function serializeSpec(spec: Spec): string {
  return JSON.stringify(spec).replace(/:18446744073709552000([,}])/g, ':18446744073709551615$1');
}
