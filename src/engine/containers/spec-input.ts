/**
 * A container record → the runtime's SpecInput: argv, environment, user
 * resolved inside the mounted rootfs, namespaces, mounts, resources.
 */
import { chown, mkdir } from 'node:fs/promises';
import type { ContainerConfig, HostConfig } from '../../apitypes/containers.js';
import type { LinuxDevice, LinuxDeviceCgroup } from '../../oci/runtime-spec.js';
import { devicesFromHost, hostDevices } from '../../runtime/index.js';
import { resolveInRoot } from '../../runtime/index.js';
import type { ResolvedUser, ResourceInput, SpecInput } from '../../runtime/index.js';
import { resolveUser } from '../../runtime/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { parseSecurityOpts } from './security-opts.js';
import { CONTAINER_PREFIX, namespaceFor, networkOwner } from './network-mode.js';
import type { ContainerRun } from './run.js';
import { mountsForRun } from './volume-mounts.js';
import { linkedEnv } from '../networks/links.js';
import { isSystemContainer, systemdInput } from './systemd.js';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_INIT_PATH = '/usr/bin/tini-static';

/** `base` with `overrides` replacing same-named variables and the rest appended (Docker's ReplaceOrAppendEnvValues). */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const out = [...base];
  const index = new Map(out.map((e, i) => [e.split('=')[0] as string, i]));
  for (const e of overrides) {
    const key = e.split('=')[0] as string;
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, out.length);
      out.push(e);
    } else out[i] = e;
  }
  return out;
}

/**
 * The hostname a container sees: that of the container whose network it joins (a pod's infra),
 * as dockerd takes the joined container's `Hostname` at start; else its own.
 */
export function visibleHostname(ctx: EngineContext, c: Container): string {
  return (networkOwner(ctx.store, c) ?? c).record.Config.Hostname ?? '';
}

/** Docker's daemon-provided environment (legacy links' variables included) under the container's own. */
export function containerEnv(config: ContainerConfig, hostname: string, linked: string[] = []): string[] {
  const base = [DEFAULT_PATH, `HOSTNAME=${hostname}`, ...(config.Tty ? ['TERM=xterm'] : []), ...linked];
  return mergeEnv(base, config.Env ?? []);
}

export function resourceInput(r: HostConfig): ResourceInput {
  const out: ResourceInput = {};
  if (r.Memory) out.memory = r.Memory;
  if (r.MemoryReservation) out.memoryReservation = r.MemoryReservation;
  if (r.MemorySwap) out.memorySwap = r.MemorySwap;
  if (r.MemorySwappiness !== undefined && r.MemorySwappiness !== null && r.MemorySwappiness >= 0) out.memorySwappiness = r.MemorySwappiness;
  if (r.OomKillDisable) out.oomKillDisable = true;
  if (r.CpuShares) out.cpuShares = r.CpuShares;
  if (r.CpuQuota) out.cpuQuota = r.CpuQuota;
  if (r.CpuPeriod) out.cpuPeriod = r.CpuPeriod;
  if (r.NanoCpus) out.nanoCpus = r.NanoCpus;
  if (r.CpusetCpus) out.cpusetCpus = r.CpusetCpus;
  if (r.CpusetMems) out.cpusetMems = r.CpusetMems;
  if (r.PidsLimit !== undefined && r.PidsLimit !== null) out.pidsLimit = r.PidsLimit;
  if (r.BlkioWeight) out.blkioWeight = r.BlkioWeight;
  return out;
}

async function deviceInput(hc: HostConfig): Promise<{ devices: LinuxDevice[]; rules: LinuxDeviceCgroup[] }> {
  if (hc.Privileged) return { devices: await hostDevices(), rules: [] };
  const devices: LinuxDevice[] = [];
  const rules: LinuxDeviceCgroup[] = [];
  for (const d of hc.Devices ?? []) {
    const r = await devicesFromHost(d.PathOnHost, d.PathInContainer || d.PathOnHost, d.CgroupPermissions || 'rwm');
    devices.push(...r.devices);
    rules.push(...r.rules);
  }
  return { devices, rules };
}

/** Docker creates a missing WorkingDir, owned by the container's user. */
async function ensureWorkingDir(rootfs: string, dir: string, user: ResolvedUser): Promise<void> {
  if (!dir || dir === '/') return;
  const host = await resolveInRoot(rootfs, dir);
  const made = await mkdir(host, { recursive: true, mode: 0o755 });
  if (made !== undefined) await chown(host, user.uid, user.gid);
}

/**
 * A system container always gets a terminal: runc makes it /dev/console, so
 * systemd's boot and shutdown messages reach conmon, which owns the pty's
 * master and logs it even while no daemon runs. Config.Tty is left as asked,
 * so clients still read the log as one plain stream.
 */
export function consoleTty(c: Container): boolean {
  const { Config: config, HostConfig: hc } = c.record;
  return (config.Tty ?? false) || isSystemContainer(hc, config, c.record.Path);
}

export async function buildSpecInput(ctx: EngineContext, c: Container, run: ContainerRun, rootfs: string): Promise<SpecInput> {
  const { Config: config, HostConfig: hc } = c.record;
  const user = await resolveUser(rootfs, config.User ?? '', hc.GroupAdd ?? []);
  await ensureWorkingDir(rootfs, config.WorkingDir ?? '', user);
  const mounts = await mountsForRun(ctx, c, run, rootfs);
  const { devices, rules } = await deviceInput(hc);
  const [h, w] = hc.ConsoleSize ?? [0, 0];
  const network = hc.NetworkMode ?? 'default';
  // Joining another container's network means seeing its name and resolver files, as in Docker.
  const netOwner = network.startsWith(CONTAINER_PREFIX) ? ctx.store.get(network.slice(CONTAINER_PREFIX.length)).record : c.record;
  const hostname = netOwner.Config.Hostname ?? '';
  const systemd = isSystemContainer(hc, config, c.record.Path)
    ? await systemdInput(rootfs, c.id, mounts.some((m) => m.destination === '/etc/machine-id'))
    : undefined;
  return {
    id: c.id,
    rootfs,
    readonlyRootfs: hc.ReadonlyRootfs ?? false,
    args: [c.record.Path, ...c.record.Args],
    env: containerEnv(config, hostname, linkedEnv(ctx, c)),
    cwd: config.WorkingDir || '/',
    user,
    hostname,
    domainname: config.Domainname || undefined,
    tty: consoleTty(c),
    ...(config.Tty && h > 0 && w > 0 ? { consoleSize: { height: h, width: w } } : {}),
    namespaces: {
      network: run.netnsPath ? { type: 'path', path: run.netnsPath } : namespaceFor(network, 'net', ctx.store),
      pid: namespaceFor(hc.PidMode, 'pid', ctx.store),
      ipc: namespaceFor(hc.IpcMode, 'ipc', ctx.store),
      ipcNone: hc.IpcMode === 'none',
      uts: namespaceFor(hc.UTSMode, 'uts', ctx.store),
      cgroup: hc.CgroupnsMode === 'private' ? { type: 'private' } : { type: 'host' },
    },
    capAdd: hc.CapAdd ?? undefined,
    capDrop: hc.CapDrop ?? undefined,
    privileged: hc.Privileged ?? false,
    ...parseSecurityOpts(hc.SecurityOpt),
    maskedPaths: hc.MaskedPaths ?? undefined,
    readonlyPaths: hc.ReadonlyPaths ?? undefined,
    mounts,
    etcFiles: { hostname: netOwner.HostnamePath, hosts: netOwner.HostsPath, resolvConf: netOwner.ResolvConfPath },
    shmSize: hc.ShmSize,
    devices,
    deviceRules: rules,
    deviceCgroupRules: hc.DeviceCgroupRules ?? undefined,
    resources: resourceInput(hc),
    ulimits: (hc.Ulimits ?? []).map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })),
    sysctls: hc.Sysctls ?? undefined,
    oomScoreAdj: hc.OomScoreAdj || undefined,
    initPath: hc.Init ? (ctx.deps.initPath ?? DEFAULT_INIT_PATH) : undefined,
    cgroupParent: hc.CgroupParent || ctx.deps.cgroupParent,
    annotations: hc.Annotations,
    ...(systemd ? { systemd } : {}),
    host: ctx.deps.hostFacts,
  };
}
