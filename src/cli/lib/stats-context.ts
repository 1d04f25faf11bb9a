/**
 * `stats` rows: docker's arithmetic over a stats sample (CPU % from the
 * delta against precpu_stats, memory without the inactive page cache, summed
 * network and block I/O) and its StatsContext for templates.
 */
import type { ContainerStats } from '../../apitypes/containers.js';
import { shortId } from '../../util/ids.js';
import { TemplateStruct } from '../format/value.js';
import { bytesSize, humanSize } from '../../util/units.js';

export const STATS_TABLE_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

export const STATS_HEADERS: Readonly<Record<string, string>> = {
  Container: 'CONTAINER',
  ID: 'CONTAINER ID',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
};

export interface StatsEntry {
  container: string;
  name: string;
  id: string;
  cpuPercentage: number;
  memory: number;
  memoryLimit: number;
  memoryPercentage: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  pidsCurrent: number;
  /** No sample yet, or the container went away: shown as `--`. */
  invalid: boolean;
}

export function emptyEntry(container: string): StatsEntry {
  return { container, name: '--', id: container, cpuPercentage: 0, memory: 0, memoryLimit: 0, memoryPercentage: 0, networkRx: 0, networkTx: 0, blockRead: 0, blockWrite: 0, pidsCurrent: 0, invalid: true };
}

export function cpuPercent(s: ContainerStats): number {
  // A stopped container's sample has empty sections: they count as zero.
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const online = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 0;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

export function memoryWithoutCache(mem: ContainerStats['memory_stats']): number {
  const usage = mem.usage ?? 0;
  const v1 = mem.stats?.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = mem.stats?.inactive_file ?? 0;
  return v2 < usage ? usage - v2 : usage;
}

export function entryFromStats(container: string, s: ContainerStats): StatsEntry {
  const memory = memoryWithoutCache(s.memory_stats ?? {});
  const limit = s.memory_stats?.limit ?? 0;
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op.startsWith('r')) blockRead += e.value;
    else if (op.startsWith('w')) blockWrite += e.value;
  }
  let networkRx = 0;
  let networkTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    networkRx += n.rx_bytes;
    networkTx += n.tx_bytes;
  }
  return {
    container,
    name: (s.name ?? '').replace(/^\//, ''),
    id: s.id ?? container,
    cpuPercentage: cpuPercent(s),
    memory,
    memoryLimit: limit,
    memoryPercentage: limit !== 0 ? (memory / limit) * 100 : 0,
    networkRx,
    networkTx,
    blockRead,
    blockWrite,
    pidsCurrent: s.pids_stats?.current ?? 0,
    invalid: false,
  };
}

export class StatsContext extends TemplateStruct {
  readonly goType = '*formatter.statsContext';
  protected readonly jsonFields = ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs'];

  constructor(
    private readonly s: StatsEntry,
    private readonly trunc: boolean,
  ) {
    super();
  }
  Container(): string {
    return this.s.container;
  }
  Name(): string {
    return this.s.name;
  }
  ID(): string {
    return this.trunc ? shortId(this.s.id) : this.s.id;
  }
  CPUPerc(): string {
    return this.s.invalid ? '--' : `${this.s.cpuPercentage.toFixed(2)}%`;
  }
  MemUsage(): string {
    return this.s.invalid ? '-- / --' : `${bytesSize(this.s.memory)} / ${bytesSize(this.s.memoryLimit)}`;
  }
  MemPerc(): string {
    return this.s.invalid ? '--' : `${this.s.memoryPercentage.toFixed(2)}%`;
  }
  NetIO(): string {
    return this.s.invalid ? '--' : `${humanSize(this.s.networkRx, 3)} / ${humanSize(this.s.networkTx, 3)}`;
  }
  BlockIO(): string {
    return this.s.invalid ? '--' : `${humanSize(this.s.blockRead, 3)} / ${humanSize(this.s.blockWrite, 3)}`;
  }
  PIDs(): string {
    return this.s.invalid ? '--' : String(this.s.pidsCurrent);
  }
}
