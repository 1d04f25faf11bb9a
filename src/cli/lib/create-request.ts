/**
 * The `POST /containers/create` body from run/create flags, built the way
 * the docker CLI builds it (cli/command/container/opts.go parse()), so the
 * daemon sees the same request from `wharf run` as from `docker run`.
 */
import { readFileSync } from 'node:fs';
import { invalidArgument } from '../../errdefs/index.js';
import type { ContainerCreateRequest, DeviceMapping, EndpointSettings, HealthOnFailure, RestartPolicy, Ulimit } from '../../apitypes/containers.js';
import { POD_NAME_LABEL } from '../../apitypes/pods.js';
import type { HealthConfig } from '../../oci/image.js';
import type { Flags } from '../../util/flags.js';
import { kvMap, readEnv, readLabels } from './kv.js';
import { parseMount, parseTmpfs, parseVolumes } from './mounts.js';
import { parsePublish } from './ports.js';
import { parseGoDuration } from './timefmt.js';
import { ramInBytes } from '../../util/units.js';

export function parseRestartPolicy(policy: string): RestartPolicy {
  if (policy === '') return {};
  const colon = policy.indexOf(':');
  const name = colon < 0 ? policy : policy.slice(0, colon);
  const count = colon < 0 ? '' : policy.slice(colon + 1);
  if (colon >= 0 && name === '') throw invalidArgument('invalid restart policy format: no policy provided before colon');
  const p: RestartPolicy = { Name: name as RestartPolicy['Name'] };
  if (count !== '') {
    if (!/^-?\d+$/.test(count)) throw invalidArgument('invalid restart policy format: maximum retry count must be an integer');
    p.MaximumRetryCount = Number(count);
  }
  return p;
}

export function parseUlimit(s: string): Ulimit {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(s);
  if (!m) throw invalidArgument(`invalid ulimit argument: ${s}`);
  const soft = Number(m[2]);
  return { Name: m[1]!, Soft: soft, Hard: m[3] === undefined ? soft : Number(m[3]) };
}

function parseDevice(s: string): DeviceMapping {
  const [host = '', container, perms] = s.split(':');
  const isPerms = (p: string | undefined): boolean => p !== undefined && /^[rwm]+$/.test(p);
  if (container !== undefined && perms === undefined && isPerms(container)) return { PathOnHost: host, PathInContainer: host, CgroupPermissions: container };
  return { PathOnHost: host, PathInContainer: container || host, CgroupPermissions: perms ?? 'rwm' };
}

/** `seccomp=profile.json` sends the profile itself; `systempaths=unconfined` clears masked/readonly paths. */
function parseSecurityOpts(opts: readonly string[]): { securityOpt: string[]; unconfinedPaths: boolean } {
  const securityOpt: string[] = [];
  let unconfinedPaths = false;
  for (const raw of opts) {
    const opt = raw.includes('=') || raw === 'no-new-privileges' ? raw : raw.replace(':', '=');
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    if (key === 'systempaths' && value === 'unconfined') {
      unconfinedPaths = true;
      continue;
    }
    if (key === 'seccomp' && value !== 'unconfined' && value !== 'builtin') {
      let profile: string;
      try {
        profile = JSON.stringify(JSON.parse(readFileSync(value, 'utf8')));
      } catch (err) {
        throw invalidArgument(`opening seccomp profile (${value}) failed: ${(err as Error).message}`);
      }
      securityOpt.push(`seccomp=${profile}`);
      continue;
    }
    securityOpt.push(opt);
  }
  return { securityOpt, unconfinedPaths };
}

function durationNs(flags: Flags, name: string): number | undefined {
  const v = flags.string(name);
  if (v === '') return undefined;
  const ms = parseGoDuration(v);
  if (ms === undefined) throw invalidArgument(`invalid argument "${v}" for "--${name}" flag: time: invalid duration "${v}"`);
  if (ms < 0) throw invalidArgument(`--${name} cannot be negative`);
  return Math.round(ms * 1e6);
}

function healthcheck(flags: Flags): HealthConfig | undefined {
  const cmd = flags.string('health-cmd');
  const interval = durationNs(flags, 'health-interval');
  const timeout = durationNs(flags, 'health-timeout');
  const startPeriod = durationNs(flags, 'health-start-period');
  const startInterval = durationNs(flags, 'health-start-interval');
  const retries = flags.int('health-retries');
  const any = cmd !== '' || interval || timeout || startPeriod || startInterval || retries !== 0;
  if (flags.bool('no-healthcheck')) {
    if (any) throw invalidArgument('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!any) return undefined;
  if (retries < 0) throw invalidArgument('--health-retries cannot be negative');
  return { Test: cmd !== '' ? ['CMD-SHELL', cmd] : undefined, Interval: interval ?? 0, Timeout: timeout ?? 0, StartPeriod: startPeriod ?? 0, StartInterval: startInterval ?? 0, Retries: retries };
}

/** A memory flag's bytes; `--memory-swap -1` means unlimited. Shared with `update`. */
export function memoryBytes(name: string, v: string): number {
  return name === 'memory-swap' && v === '-1' ? -1 : ramInBytes(v);
}

function size(flags: Flags, name: string): number {
  const v = flags.string(name);
  return v === '' ? 0 : memoryBytes(name, v);
}

/** `--cpus` as NanoCpus, as docker's NanoCPUs flag parses it. Shared with `update`. */
export function nanoCpus(v: string): number {
  if (v === '') return 0;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || v.trim() === '') throw invalidArgument(`invalid argument "${v}" for "--cpus" flag: failed to parse ${v} as a rational number`);
  return Math.round(n * 1e9);
}

/** The mode's endpoint, as the docker CLI sends it (API ≥ 1.44): aliases, `--ip`, `--ip6`, `--mac-address`. */
function endpointsConfig(flags: Flags, network: string): Record<string, EndpointSettings> {
  const aliases = flags.list('network-alias');
  const ip = flags.string('ip');
  const ip6 = flags.string('ip6');
  const mac = flags.string('mac-address');
  if (aliases.length === 0 && ip === '' && ip6 === '' && mac === '') return {};
  const ep: EndpointSettings = {};
  if (aliases.length > 0) ep.Aliases = aliases;
  if (ip !== '' || ip6 !== '') ep.IPAMConfig = { ...(ip !== '' ? { IPv4Address: ip } : {}), ...(ip6 !== '' ? { IPv6Address: ip6 } : {}) };
  if (mac !== '') ep.MacAddress = mac;
  return { [network]: ep };
}

/** `--pod NAME` travels as the label any Docker client could send; the daemon turns it into the pod's namespaces. */
function podLabel(labels: Record<string, string>, pod: string): Record<string, string> {
  return pod ? { ...labels, [POD_NAME_LABEL]: pod } : labels;
}

export interface CreateInput {
  image: string;
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** `[height, width]` of the client's terminal when it runs a TTY container on a terminal. */
  consoleSize?: [number, number];
}

// Long on purpose: after the cross-flag checks it is one flat table from flags to API fields.
export function buildCreateRequest(flags: Flags, input: CreateInput): ContainerCreateRequest {
  const attach = new Set(flags.list('attach').map((s) => s.toLowerCase()));
  for (const s of attach) if (s !== 'stdin' && s !== 'stdout' && s !== 'stderr') throw invalidArgument(`valid streams are STDIN, STDOUT and STDERR`);
  const interactive = flags.bool('interactive');
  const attachStdin = attach.has('stdin') || interactive;
  const attachStdout = attach.size === 0 || attach.has('stdout');
  const attachStderr = attach.size === 0 || attach.has('stderr');

  const swappiness = flags.int('memory-swappiness');
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) throw invalidArgument(`invalid value: ${swappiness}. Valid memory swappiness range is 0-100`);

  const { binds, volumes } = parseVolumes(flags.list('volume'));
  const { exposed, bindings } = parsePublish(flags.list('publish'));
  for (const e of flags.list('expose')) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(e);
    if (!m) throw invalidArgument(`invalid range format for --expose: ${e}`);
    for (let p = Number(m[1]); p <= Number(m[2] ?? m[1]); p++) exposed[`${p}/${m[3] ?? 'tcp'}`] = {};
  }

  let entrypoint: string[] | undefined;
  if (flags.string('entrypoint') !== '') entrypoint = [flags.string('entrypoint')];
  else if (flags.changed('entrypoint')) entrypoint = [''];

  const restartPolicy = parseRestartPolicy(flags.string('restart'));
  const autoRemove = flags.bool('rm');
  if (autoRemove && restartPolicy.Name !== undefined && restartPolicy.Name !== 'no' && restartPolicy.Name !== '') {
    throw invalidArgument('conflicting options: cannot specify both --restart and --rm');
  }

  const { securityOpt, unconfinedPaths } = parseSecurityOpts(flags.list('security-opt'));
  const logOpts = kvMap(flags.list('log-opt'));
  const network = flags.string('network') || 'default';
  const openStdin = interactive;

  return {
    Hostname: flags.string('hostname'),
    Domainname: flags.string('domainname'),
    User: flags.string('user'),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
    ExposedPorts: exposed,
    Tty: flags.bool('tty'),
    OpenStdin: openStdin,
    // When allocating stdin in attached mode, close stdin at client disconnect.
    StdinOnce: openStdin && attachStdin,
    Env: readEnv(flags.list('env-file'), flags.list('env'), input.env),
    Cmd: input.args.length > 0 ? [...input.args] : null,
    Healthcheck: healthcheck(flags),
    Image: input.image,
    Volumes: volumes,
    WorkingDir: flags.string('workdir'),
    Entrypoint: entrypoint ?? null,
    Labels: podLabel(readLabels(flags.list('label-file'), flags.list('label')), flags.string('pod')),
    StopSignal: flags.string('stop-signal') || undefined,
    StopTimeout: flags.changed('stop-timeout') ? flags.int('stop-timeout') : undefined,
    HostConfig: {
      Binds: binds,
      ContainerIDFile: flags.string('cidfile'),
      LogConfig: { Type: flags.string('log-driver'), Config: logOpts },
      NetworkMode: network,
      PortBindings: bindings,
      RestartPolicy: restartPolicy,
      AutoRemove: autoRemove,
      VolumesFrom: flags.list('volumes-from'),
      ConsoleSize: input.consoleSize ?? [0, 0],
      Annotations: kvMap(flags.list('annotation')),
      CapAdd: flags.list('cap-add'),
      CapDrop: flags.list('cap-drop'),
      CgroupnsMode: flags.string('cgroupns') as 'private' | 'host' | '',
      Dns: flags.list('dns'),
      DnsOptions: flags.list('dns-option'),
      DnsSearch: flags.list('dns-search'),
      ExtraHosts: flags.list('add-host'),
      GroupAdd: flags.list('group-add'),
      IpcMode: flags.string('ipc'),
      Links: flags.list('link'),
      OomScoreAdj: flags.int('oom-score-adj'),
      PidMode: flags.string('pid'),
      Privileged: flags.bool('privileged'),
      PublishAllPorts: flags.bool('publish-all'),
      ReadonlyRootfs: flags.bool('read-only'),
      SecurityOpt: securityOpt,
      Tmpfs: parseTmpfs(flags.list('tmpfs')),
      UTSMode: flags.string('uts'),
      UsernsMode: flags.string('userns'),
      ShmSize: size(flags, 'shm-size'),
      Sysctls: kvMap(flags.list('sysctl')),
      Runtime: flags.string('runtime'),
      Mounts: flags.list('mount').map(parseMount),
      MaskedPaths: unconfinedPaths ? [] : undefined,
      ReadonlyPaths: unconfinedPaths ? [] : undefined,
      Init: flags.changed('init') ? flags.bool('init') : undefined,
      Systemd: flags.string('systemd') || undefined,
      CgroupParent: flags.string('cgroup-parent'),
      Memory: size(flags, 'memory'),
      MemoryReservation: size(flags, 'memory-reservation'),
      MemorySwap: size(flags, 'memory-swap'),
      MemorySwappiness: swappiness,
      OomKillDisable: flags.bool('oom-kill-disable'),
      NanoCpus: nanoCpus(flags.string('cpus')),
      CpuShares: flags.int('cpu-shares'),
      CpuPeriod: flags.int('cpu-period'),
      CpuQuota: flags.int('cpu-quota'),
      CpusetCpus: flags.string('cpuset-cpus'),
      CpusetMems: flags.string('cpuset-mems'),
      PidsLimit: flags.int('pids-limit'),
      BlkioWeight: flags.int('blkio-weight'),
      KernelMemory: size(flags, 'kernel-memory'),
      Ulimits: flags.list('ulimit').map(parseUlimit),
      Devices: flags.list('device').map(parseDevice),
      // Wharf's extension; checked by the daemon, sent only when given so Docker's body stays as it was.
      HealthOnFailure: (flags.string('health-on-failure') || undefined) as HealthOnFailure | undefined,
    },
    NetworkingConfig: { EndpointsConfig: endpointsConfig(flags, network) },
  };
}
