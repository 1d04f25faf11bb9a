/** stop, kill, restart, pause, unpause: signals and freezer, with Docker's rules and events. */
import { conflict, notModified } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { settleRestarting, startContainer } from './lifecycle.js';
import { parseSignal } from './signals.js';

const log = logger('engine');
const SIGKILL = 9;
const SIGTERM = 15;
const DEFAULT_STOP_TIMEOUT_S = 10;
/** After SIGKILL, how long to wait before treating the container as unkillable. */
const KILL_WAIT_MS = 10_000;

export function notRunning(c: Container): Error {
  return conflict(`Container ${c.id} is not running`);
}

function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Mark a user-initiated stop: no policy restart, and `unless-stopped` stays down across daemon restarts. */
async function markManualStop(ctx: EngineContext, c: Container): Promise<void> {
  c.exitOnNext = true;
  c.record.HasBeenManuallyStopped = true;
  await ctx.store.save(c);
}

/** Send a signal and emit `kill`; a paused container is thawed so the signal arrives. */
async function signalContainer(ctx: EngineContext, c: Container, sig: number): Promise<void> {
  const { runtime } = ctx.deps;
  await runtime.kill(c.id, sig);
  if (c.record.State.Paused && (sig === SIGKILL || c.exitOnNext)) {
    await runtime.resume(c.id).catch((err: unknown) => log.warn('thawing paused container failed', { id: c.id, error: String(err) }));
  }
  ctx.emit(c, 'kill', { signal: String(sig) });
}

/** SIGKILL and wait for the exit to have been handled; falls back to a forced runtime delete. */
export async function killAndWait(ctx: EngineContext, c: Container): Promise<void> {
  if (!c.running) return;
  if (await settleRestarting(ctx, c)) return;
  const exited = c.wait('not-running');
  await signalContainer(ctx, c, SIGKILL).catch((err: unknown) => log.debug('kill failed', { id: c.id, error: String(err) }));
  const timeout = delay(KILL_WAIT_MS, 'timeout' as const);
  const outcome = await Promise.race([exited, timeout.promise]);
  timeout.cancel();
  if (outcome === 'timeout') {
    log.warn('container did not exit after SIGKILL; deleting it', { id: c.id });
    await ctx.deps.runtime.delete(c.id, { force: true });
    await exited;
  }
}

export async function stopContainer(ctx: EngineContext, c: Container, opts: { signal?: string; timeout?: number } = {}): Promise<void> {
  if (!c.running) throw notModified('Container already stopped');
  const sig = parseSignal(opts.signal || c.record.Config.StopSignal || String(SIGTERM));
  await markManualStop(ctx, c);
  if (await settleRestarting(ctx, c)) {
    ctx.emit(c, 'stop');
    return;
  }
  const timeoutS = opts.timeout ?? c.record.Config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
  const exited = c.wait('not-running');
  try {
    await signalContainer(ctx, c, sig);
  } catch (err) {
    // Gone already (exited between our check and the signal): the exit handler finishes the job.
    log.debug('stop signal failed', { id: c.id, error: String(err) });
  }
  if (timeoutS < 0) await exited;
  else {
    const grace = delay(timeoutS * 1000, 'timeout' as const);
    const outcome = await Promise.race([exited, grace.promise]);
    grace.cancel();
    if (outcome === 'timeout') await killAndWait(ctx, c);
  }
  await exited;
  ctx.emit(c, 'stop');
}

export async function killContainer(ctx: EngineContext, c: Container, signal?: string): Promise<void> {
  const sig = signal ? parseSignal(signal) : SIGKILL;
  if (!c.running) throw notRunning(c);
  const stopSignal = c.record.Config.StopSignal ? parseSignal(c.record.Config.StopSignal) : undefined;
  // Docker treats SIGKILL, or the container's own stop signal, as the user ending it.
  if (sig === SIGKILL || stopSignal === undefined || stopSignal === sig) await markManualStop(ctx, c);
  if (await settleRestarting(ctx, c)) return;
  if (sig !== SIGKILL) {
    await signalContainer(ctx, c, sig);
    return;
  }
  await killAndWait(ctx, c);
}

export async function restartContainer(ctx: EngineContext, c: Container, opts: { signal?: string; timeout?: number } = {}): Promise<void> {
  if (c.running) await stopContainer(ctx, c, opts);
  await startContainer(ctx, c);
  ctx.emit(c, 'restart');
}

export async function pauseContainer(ctx: EngineContext, c: Container): Promise<void> {
  await c.lock.run(async () => {
    const s = c.record.State;
    if (!s.Running) throw notRunning(c);
    if (s.Paused) throw conflict(`Container ${c.id} is already paused`);
    if (s.Restarting) throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
    await ctx.deps.runtime.pause(c.id);
    s.Paused = true;
    await ctx.store.save(c);
    ctx.emit(c, 'pause');
  });
}

export async function unpauseContainer(ctx: EngineContext, c: Container): Promise<void> {
  await c.lock.run(async () => {
    if (!c.record.State.Paused) throw conflict(`Container ${c.id} is not paused`);
    await ctx.deps.runtime.resume(c.id);
    c.record.State.Paused = false;
    await ctx.store.save(c);
    ctx.emit(c, 'unpause');
  });
}
