/** `GET /containers/{id}/stats` and `/top`: kernel numbers from the runtime, framed as Docker frames them. */
import type { ContainerStats, ContainerTopResponse, CpuStats } from '../../apitypes/containers.js';
import type { RuntimeStats } from '../../runtime/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { notRunning } from './control.js';
import { ZERO_TIME } from './record.js';

const INTERVAL_MS = 1000;

function zeroCpu(): CpuStats {
  return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
}

/** What Docker returns for a container that is not running: all zeros. */
function zeroStats(): RuntimeStats {
  return { num_procs: 0, pids_stats: {}, blkio_stats: {}, storage_stats: {}, cpu_stats: zeroCpu(), memory_stats: {} };
}

interface Sample {
  at: string;
  stats: RuntimeStats;
}

async function sample(ctx: EngineContext, c: Container): Promise<Sample> {
  const stats = c.running ? await ctx.deps.runtime.stats(c.id).catch(() => zeroStats()) : zeroStats();
  return { at: new Date().toISOString(), stats };
}

function frame(c: Container, cur: Sample, prev: Sample | undefined): ContainerStats {
  return {
    ...cur.stats,
    read: cur.at,
    preread: prev?.at ?? ZERO_TIME,
    name: c.name,
    id: c.id,
    precpu_stats: prev?.stats.cpu_stats ?? zeroCpu(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * stream: one frame a second while the container runs. Otherwise one frame:
 * after a second sample (so CPU percentages can be computed) unless oneShot.
 */
export async function* containerStats(ctx: EngineContext, c: Container, opts: { stream: boolean; oneShot?: boolean }): AsyncGenerator<ContainerStats> {
  let prev: Sample | undefined;
  if (!opts.stream) {
    if (!opts.oneShot && c.running) {
      prev = await sample(ctx, c);
      await sleep(INTERVAL_MS);
    }
    yield frame(c, await sample(ctx, c), prev);
    return;
  }
  for (;;) {
    const cur = await sample(ctx, c);
    yield frame(c, cur, prev);
    if (!c.running) return;
    prev = cur;
    await sleep(INTERVAL_MS);
  }
}

export async function topContainer(ctx: EngineContext, c: Container, psArgs?: string): Promise<ContainerTopResponse> {
  if (!c.running) throw notRunning(c);
  if (c.record.State.Restarting) throw notRunning(c);
  const top = await ctx.deps.runtime.top(c.id, psArgs);
  ctx.emit(c, 'top');
  return top;
}

export async function resizeContainer(ctx: EngineContext, c: Container, height: number, width: number): Promise<void> {
  if (!c.running) throw notRunning(c);
  await ctx.deps.runtime.resize(c.id, { height, width });
  ctx.emit(c, 'resize', { height: String(height), width: String(width) });
}
