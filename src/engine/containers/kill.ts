/**
 * The primitives every command that ends a run builds on (stop, kill,
 * restart, remove): signal the process, SIGKILL and wait for its exit to be
 * handled, call off a pending policy restart.
 */
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { setRestartCancelled } from './state.js';

const log = logger('engine');

/** What ending a run needs of the engine: the runtime, the record store, the event stream. */
export type RunControl = Pick<EngineContext, 'deps' | 'store' | 'emit'>;
export const SIGKILL = 9;
export const SIGTERM = 15;
/** Seconds between the stop signal and SIGKILL when the container names none (Docker's). */
export const DEFAULT_STOP_TIMEOUT_S = 10;
/** After SIGKILL, how long to wait before treating the container as unkillable. */
const KILL_WAIT_MS = 10_000;

export function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Send a signal and emit `kill`; a paused container is thawed so the signal arrives. */
export async function signalContainer(ctx: RunControl, c: Container, sig: number): Promise<void> {
  const { runtime } = ctx.deps;
  await runtime.kill(c.id, sig);
  if (c.record.State.Paused && (sig === SIGKILL || c.exitOnNext)) {
    await runtime.resume(c.id).catch((err: unknown) => log.warn('thawing paused container failed', { id: c.id, error: String(err) }));
  }
  ctx.emit(c, 'kill', { signal: String(sig) });
}

/** SIGKILL and wait for the exit to have been handled; falls back to a forced runtime delete. */
export async function killAndWait(ctx: RunControl, c: Container): Promise<void> {
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

/** Mark a user-initiated stop: no policy restart, and `unless-stopped` stays down across daemon restarts. */
export async function markManualStop(ctx: RunControl, c: Container): Promise<void> {
  c.exitOnNext = true;
  c.record.HasBeenManuallyStopped = true;
  await ctx.store.save(c);
}

/** `sig`, then SIGKILL once `timeoutS` passed (never when negative); resolves once the exit was handled. */
export async function endProcess(ctx: RunControl, c: Container, sig: number, timeoutS: number): Promise<void> {
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
}

/** Cancel a pending policy restart and record the container as stopped (stop/kill/remove of a restarting container). */
export async function settleRestarting(ctx: RunControl, c: Container): Promise<boolean> {
  return c.lock.run(async () => {
    if (!c.record.State.Restarting) return false;
    c.cancelRestart();
    setRestartCancelled(c.record.State);
    await ctx.store.save(c);
    c.notifyStopped();
    return true;
  });
}
