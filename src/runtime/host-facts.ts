/**
 * The daemon's own limits, read once: containers may never be given more
 * capabilities or higher rlimits than the daemon holds (runc would fail with
 * EPERM), and swap limits only work when the kernel accounts swap.
 */
import { access, readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { capabilitiesFromMask } from './capabilities.js';
import type { HostFacts } from './types.js';

/** /proc/self/limits row titles → OCI rlimit types. */
const LIMIT_ROWS: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU',
  'Max file size': 'RLIMIT_FSIZE',
  'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK',
  'Max core file size': 'RLIMIT_CORE',
  'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC',
  'Max open files': 'RLIMIT_NOFILE',
  'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS',
  'Max file locks': 'RLIMIT_LOCKS',
  'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE',
  'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO',
  'Max realtime timeout': 'RLIMIT_RTTIME',
};

export function parseProcLimits(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n').slice(1)) {
    const title = Object.keys(LIMIT_ROWS).find((t) => line.startsWith(t));
    if (!title) continue;
    const hard = line.slice(title.length).trim().split(/\s+/)[1];
    out[LIMIT_ROWS[title] as string] = hard === undefined || hard === 'unlimited' ? Infinity : Number(hard);
  }
  return out;
}

export function parseBoundingSet(status: string): string[] {
  const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status);
  return m?.[1] ? capabilitiesFromMask(m[1]) : [];
}

/**
 * From /proc/self/mountinfo: whether /sys/fs/cgroup is cgroup2 alone, and
 * where the v1 `name=systemd` hierarchy is (the super options name it).
 */
export function cgroupLayout(mountinfo: string): { cgroup2: boolean; systemdMount?: string } {
  let cgroup2 = false;
  let systemdMount: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4];
    const [fstype, , superOptions = ''] = right.split(' ');
    if (fstype === 'cgroup2' && mountPoint === '/sys/fs/cgroup') cgroup2 = true;
    if (fstype === 'cgroup' && superOptions.split(',').includes('name=systemd')) systemdMount ??= mountPoint;
  }
  return { cgroup2, ...(systemdMount ? { systemdMount } : {}) };
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

let cached: Promise<HostFacts> | undefined;

/** Read once per process; the facts do not change while the daemon runs. */
export function hostFacts(): Promise<HostFacts> {
  cached ??= (async () => {
    const [status, limits, swapLimit, weight, bfqWeight, mountinfo] = await Promise.all([
      readFile('/proc/self/status', 'utf8'),
      readFile('/proc/self/limits', 'utf8'),
      exists('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'),
      exists('/sys/fs/cgroup/blkio/blkio.weight'),
      exists('/sys/fs/cgroup/blkio/blkio.bfq.weight'),
      readFile('/proc/self/mountinfo', 'utf8'),
    ]);
    const cgroups = cgroupLayout(mountinfo);
    return {
      boundingCaps: parseBoundingSet(status),
      hardRlimits: parseProcLimits(limits),
      kernelRelease: release(),
      swapLimit,
      blkioWeight: weight || bfqWeight,
      cgroup2: cgroups.cgroup2,
      ...(cgroups.systemdMount ? { systemdCgroupMount: cgroups.systemdMount } : {}),
    };
  })();
  return cached;
}
