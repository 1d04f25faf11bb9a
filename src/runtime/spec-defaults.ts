/**
 * The fixed parts of Docker's Linux spec (moby oci/defaults.go): the paths it
 * hides or freezes under /proc and /sys, the filesystems every container
 * gets, and the sysctls a container may set because they are namespaced.
 */
import type { Mount } from '../oci/runtime-spec.js';

export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** Where Docker mounts the --init binary. */
export const INIT_PATH_IN_CONTAINER = '/sbin/docker-init';

export interface DefaultMountOptions {
  privileged: boolean;
  /** A read-write /sys/fs/cgroup (a system container's, in its own cgroup namespace). */
  cgroupWritable?: boolean;
  shmSize: number;
  hostIpc: boolean;
  /** --ipc none: no /dev/shm at all. */
  ipcNone?: boolean;
}

/** Docker's default filesystems, before user mounts replace any of them. */
export function defaultMounts(o: DefaultMountOptions): Mount[] {
  const rw = (ro: boolean): string[] => (ro ? ['ro'] : []);
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', ...rw(!o.privileged)] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: [...rw(!o.privileged && !o.cgroupWritable), 'nosuid', 'noexec', 'nodev'] },
    // An mqueue mount shows the mounting IPC namespace's queues, so with --ipc host it is already the host's (which may have no /dev/mqueue to bind).
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    ...(o.ipcNone ? [] : [shmMount(o)]),
  ];
}

function shmMount(o: DefaultMountOptions): Mount {
  return o.hostIpc
    ? { destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'rprivate'] }
    : { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${Math.floor(o.shmSize / 1024)}k`] };
}

/** Sysctls that live in the IPC namespace (moby's namespaced whitelist). */
const IPC_SYSCTLS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

/** Which namespace a sysctl belongs to, or undefined when it is global (and so refused). */
export function sysctlNamespace(key: string): 'ipc' | 'net' | 'uts' | undefined {
  if (IPC_SYSCTLS.has(key) || key.startsWith('fs.mqueue.')) return 'ipc';
  if (key.startsWith('net.')) return 'net';
  // kernel.hostname is the spec's hostname field: runc refuses it as a sysctl, so it is never allowed.
  if (key === 'kernel.domainname') return 'uts';
  return undefined;
}
