/**
 * `GET /containers/{id}/stats` streams for the running containers on screen.
 * The page talks HTTP/1.1 to the dashboard server, and a browser opens at most
 * six connections per host: the events stream and the user's own requests must
 * never queue behind stats. So at most MAX_STREAMS stats streams are open;
 * when more containers are shown, each stream closes after two samples (enough
 * for a CPU %) and hands its slot to the container that waited longest.
 */
import { useEffect, useState } from 'preact/hooks';
import { readJSONStream, request } from './api.js';
import type { Stats } from './types.js';

const MAX_STREAMS = 3;

export interface Sample {
  t: number; // seconds since the epoch
  cpu: number; // percent of one CPU, as docker stats
  mem: number;
  memLimit: number;
  rx: number;
  tx: number;
  read: number;
  write: number;
}

export function sampleOf(s: Stats): Sample {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const sysDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? 1;
  const cpu = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
  // What docker stats shows: usage less the page cache that could be dropped.
  const ms = s.memory_stats;
  const cache = ms.stats?.['inactive_file'] ?? ms.stats?.['total_inactive_file'] ?? 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes;
    tx += n.tx_bytes;
  }
  let read = 0;
  let write = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    if (/^read$/i.test(e.op)) read += e.value;
    if (/^write$/i.test(e.op)) write += e.value;
  }
  const t = Date.parse(s.read);
  return { t: (Number.isNaN(t) ? Date.now() : t) / 1000, cpu, mem: Math.max(0, (ms.usage ?? 0) - cache), memLimit: ms.limit ?? 0, rx, tx, read, write };
}

type Listener = (s: Sample) => void;
const wanted = new Map<string, Set<Listener>>();
const active = new Map<string, AbortController>();
const waiting: string[] = []; // wanted, not streaming, oldest first
export const latest = new Map<string, Sample>();

function schedule(): void {
  while (active.size < MAX_STREAMS && waiting.length) open(waiting.shift()!);
}

function open(id: string): void {
  const ctl = new AbortController();
  active.set(id, ctl);
  let n = 0;
  const done = (): void => {
    if (active.get(id) !== ctl) return;
    active.delete(id);
    if (wanted.has(id)) waiting.push(id);
    schedule();
  };
  request('GET', `/api/containers/${id}/stats?stream=1`, undefined, ctl.signal)
    .then((res) =>
      readJSONStream<Stats>(res, (s) => {
        const sample = sampleOf(s);
        latest.set(id, sample);
        for (const l of wanted.get(id) ?? []) l(sample);
        if (++n >= 2 && waiting.length) ctl.abort();
      }),
    )
    .catch(() => undefined)
    // A stream that ended by itself (the container stopped) is not reopened at once: the next event will.
    .finally(() => setTimeout(done, n ? 0 : 2000));
}

export function watchStats(id: string, l: Listener): () => void {
  let set = wanted.get(id);
  if (!set) {
    set = new Set();
    wanted.set(id, set);
    waiting.push(id);
  }
  set.add(l);
  schedule();
  return () => {
    set.delete(l);
    if (set.size) return;
    wanted.delete(id);
    const at = waiting.indexOf(id);
    if (at >= 0) waiting.splice(at, 1);
    active.get(id)?.abort();
    active.delete(id);
    schedule();
  };
}

/** The latest sample of a running container, live; undefined while none arrived or when not running. */
export function useStats(id: string, running: boolean): Sample | undefined {
  const [s, setS] = useState<Sample | undefined>(() => latest.get(id));
  useEffect(() => (running ? watchStats(id, setS) : undefined), [id, running]);
  return running ? s : undefined;
}
