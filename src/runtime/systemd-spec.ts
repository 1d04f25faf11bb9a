/**
 * What a system container (systemd as PID 1) adds to the OCI spec, without
 * --privileged: the filesystems systemd expects to own, its own cgroup made
 * writable (and nothing above it), and the environment by which systemd knows
 * it runs in a container. The stop signal and the console are the engine's
 * (Config.StopSignal, a terminal through conmon).
 */
import { join } from 'node:path';
import type { Mount } from '../oci/runtime-spec.js';
import type { HostFacts, SystemdInput } from './types.js';

/**
 * systemd mounts nothing itself without CAP_SYS_ADMIN: these must exist
 * before it starts. Volatile like a booted machine's, executable (no
 * noexec: units run helpers from /run and /tmp).
 */
const SYSTEMD_TMPFS: ReadonlyArray<{ destination: string; mode: string }> = [
  { destination: '/run', mode: '755' },
  { destination: '/run/lock', mode: '1777' },
  { destination: '/tmp', mode: '1777' },
  { destination: '/var/log/journal', mode: '2755' },
];

/** `container=wharf` tells systemd (systemd-detect-virt) where it runs; the user's own values win. */
export function systemdEnv(env: readonly string[], s: SystemdInput): string[] {
  const names = new Set(env.map((e) => e.split('=', 1)[0]));
  return [...env, ...(names.has('container') ? [] : ['container=wharf']), ...(names.has('container_uuid') ? [] : [`container_uuid=${s.uuid}`])];
}

/**
 * The mounts to add, except at destinations the user mounted. The cgroup
 * tree is the one runc mounts at /sys/fs/cgroup in the container's cgroup
 * namespace: on cgroup v2 it is mounted read-write (cgroupWritable); on v1
 * the controllers stay read-only (a writable memory or cpu hierarchy would
 * let the container lift its own limits) and only its `name=systemd`
 * hierarchy, which controls nothing, is bound read-write from the host.
 */
export function systemdMounts(host: HostFacts, cgroupsPath: string, userDests: ReadonlySet<string>): Mount[] {
  const out: Mount[] = SYSTEMD_TMPFS.filter((t) => !userDests.has(t.destination)).map((t) => ({
    destination: t.destination,
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['rw', 'rprivate', 'nosuid', 'nodev', `mode=${t.mode}`],
  }));
  if (!host.cgroup2 && host.systemdCgroupMount) {
    out.push({ destination: '/sys/fs/cgroup/systemd', type: 'bind', source: join(host.systemdCgroupMount, cgroupsPath), options: ['rbind', 'rprivate', 'nosuid', 'noexec', 'nodev'] });
  }
  return out;
}

/** On cgroup v2 the whole (namespaced) tree is the container's own: systemd needs it writable. */
export function cgroupWritable(host: HostFacts): boolean {
  return host.cgroup2 === true;
}
