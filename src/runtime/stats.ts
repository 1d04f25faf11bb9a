/**
 * Container resource usage from cgroup v1 files and the container's network
 * namespace, in the shape of Docker's stats API (cgroup v1 variant).
 */
import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { errnoCode } from '../errdefs/index.js';
import type { CpuStats } from '../apitypes/containers.js';
import type { RuntimeStats } from './types.js';

/** USER_HZ: cpuacct.stat and /proc/stat count in these ticks. */
const CLOCK_TICKS = 100;
const NS_PER_TICK = 1e9 / CLOCK_TICKS;
/** The kernel's "no limit" for memory.limit_in_bytes (PAGE_COUNTER_MAX pages, rounded). */
const UNLIMITED_THRESHOLD = 2 ** 62;

export type CgroupPaths = Record<string, string>;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENODEV' || code === 'EINVAL') return undefined;
    throw err;
  }
}

async function readNumber(path: string): Promise<number | undefined> {
  const t = await readText(path);
  if (t === undefined) return undefined;
  const n = Number(t.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** `key value` lines (cpu.stat, memory.stat, cpuacct.stat). */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

/** blkio `8:0 Read 4096` lines; the trailing `Total n` line has no device and is skipped. */
export function parseBlkio(text: string): Array<{ major: number; minor: number; op: string; value: number }> {
  const out: Array<{ major: number; minor: number; op: string; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):(\d+)\s+(\S+)\s+(\d+)$/.exec(line.trim());
    if (m) out.push({ major: Number(m[1]), minor: Number(m[2]), op: m[3] as string, value: Number(m[4]) });
  }
  return out;
}

/** /proc/<pid>/net/dev → Docker's per-interface counters (loopback left out, as Docker does). */
export function parseNetDev(text: string): NonNullable<RuntimeStats['networks']> {
  const out: NonNullable<RuntimeStats['networks']> = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    out[name] = {
      rx_bytes: f[0] ?? 0,
      rx_packets: f[1] ?? 0,
      rx_errors: f[2] ?? 0,
      rx_dropped: f[3] ?? 0,
      tx_bytes: f[8] ?? 0,
      tx_packets: f[9] ?? 0,
      tx_errors: f[10] ?? 0,
      tx_dropped: f[11] ?? 0,
    };
  }
  return out;
}

/** Host CPU time in ns from /proc/stat's first line, as Docker's system_cpu_usage. */
export function parseSystemCpu(procStat: string): { totalNs: number; onlineCpus: number } {
  const lines = procStat.split('\n');
  const fields = (lines[0] ?? '').trim().split(/\s+/).slice(1, 8).map(Number);
  const ticks = fields.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const onlineCpus = lines.filter((l) => /^cpu\d+\s/.test(l)).length;
  return { totalNs: ticks * NS_PER_TICK, onlineCpus };
}

async function cpuStats(paths: CgroupPaths): Promise<CpuStats> {
  const acct = paths.cpuacct ?? paths.cpu;
  const [usage, percpu, acctStat, cpuStat, procStat] = await Promise.all([
    acct ? readNumber(join(acct, 'cpuacct.usage')) : undefined,
    acct ? readText(join(acct, 'cpuacct.usage_percpu')) : undefined,
    acct ? readText(join(acct, 'cpuacct.stat')) : undefined,
    paths.cpu ? readText(join(paths.cpu, 'cpu.stat')) : undefined,
    readText('/proc/stat'),
  ]);
  const ticks = parseKeyValues(acctStat ?? '');
  const throttle = parseKeyValues(cpuStat ?? '');
  const system = parseSystemCpu(procStat ?? '');
  return {
    cpu_usage: {
      total_usage: usage ?? 0,
      percpu_usage: (percpu ?? '').trim().split(/\s+/).filter((s) => s !== '').map(Number),
      usage_in_kernelmode: (ticks.system ?? 0) * NS_PER_TICK,
      usage_in_usermode: (ticks.user ?? 0) * NS_PER_TICK,
    },
    system_cpu_usage: system.totalNs,
    online_cpus: system.onlineCpus,
    throttling_data: {
      periods: throttle.nr_periods ?? 0,
      throttled_periods: throttle.nr_throttled ?? 0,
      throttled_time: throttle.throttled_time ?? 0,
    },
  };
}

async function memoryStats(dir: string | undefined): Promise<RuntimeStats['memory_stats']> {
  if (!dir) return {};
  const [usage, maxUsage, failcnt, limit, stat] = await Promise.all([
    readNumber(join(dir, 'memory.usage_in_bytes')),
    readNumber(join(dir, 'memory.max_usage_in_bytes')),
    readNumber(join(dir, 'memory.failcnt')),
    readNumber(join(dir, 'memory.limit_in_bytes')),
    readText(join(dir, 'memory.stat')),
  ]);
  // Docker reports the host's memory when the cgroup has no limit.
  const hostMem = totalmem();
  return {
    usage,
    max_usage: maxUsage,
    failcnt,
    limit: limit === undefined || limit >= UNLIMITED_THRESHOLD ? hostMem : Math.min(limit, hostMem),
    stats: parseKeyValues(stat ?? ''),
  };
}

async function blkioStats(dir: string | undefined): Promise<RuntimeStats['blkio_stats']> {
  const file = async (name: string): Promise<ReturnType<typeof parseBlkio>> => (dir ? parseBlkio((await readText(join(dir, name))) ?? '') : []);
  const [bytes, ios] = await Promise.all([file('blkio.throttle.io_service_bytes_recursive'), file('blkio.throttle.io_serviced_recursive')]);
  return {
    io_service_bytes_recursive: bytes,
    io_serviced_recursive: ios,
    io_queue_recursive: [],
    io_service_time_recursive: [],
    io_wait_time_recursive: [],
    io_merged_recursive: [],
    io_time_recursive: [],
    sectors_recursive: [],
  };
}

/** One sample. `pid` is the container's init (0 when stopped: no network counters). */
export async function readStats(paths: CgroupPaths, pid: number): Promise<RuntimeStats> {
  const [cpu, memory, blkio, pidsCurrent, pidsMax, netDev] = await Promise.all([
    cpuStats(paths),
    memoryStats(paths.memory),
    blkioStats(paths.blkio),
    paths.pids ? readNumber(join(paths.pids, 'pids.current')) : undefined,
    paths.pids ? readText(join(paths.pids, 'pids.max')) : undefined,
    pid > 0 ? readText(`/proc/${pid}/net/dev`) : undefined,
  ]);
  const limit = pidsMax?.trim();
  return {
    num_procs: 0,
    pids_stats: { current: pidsCurrent, ...(limit && limit !== 'max' ? { limit: Number(limit) } : {}) },
    blkio_stats: blkio,
    storage_stats: {},
    cpu_stats: cpu,
    memory_stats: memory,
    ...(netDev ? { networks: parseNetDev(netDev) } : {}),
  };
}

/** Pids in the container's cgroup (the pids or memory hierarchy; any v1 controller lists them all). */
export async function cgroupPids(paths: CgroupPaths): Promise<number[]> {
  const dir = paths.pids ?? paths.memory ?? paths.devices ?? paths.freezer;
  if (!dir) return [];
  const text = (await readText(join(dir, 'cgroup.procs'))) ?? '';
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}
