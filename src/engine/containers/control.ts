/** stop, kill, restart, pause, unpause: signals and freezer, with Docker's rules and events, over the run primitives of kill.ts. */
import { conflict, notModified } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { DEFAULT_STOP_TIMEOUT_S, endProcess, killAndWait, markManualStop, settleRestarting, signalContainer, SIGKILL, SIGTERM, type RunControl } from './kill.js';
import { startContainer } from './lifecycle.js';
import { parseSignal } from './signals.js';
import { setPaused, setUnpaused } from './state.js';

export function notRunning(c: Container): Error {
  return conflict(`Container ${c.id} is not running`);
}

export async function stopContainer(ctx: RunControl, c: Container, opts: { signal?: string; timeout?: number } = {}): Promise<void> {
  if (!c.running) throw notModified('Container already stopped');
  const sig = parseSignal(opts.signal || c.record.Config.StopSignal || String(SIGTERM));
  await markManualStop(ctx, c);
  if (await settleRestarting(ctx, c)) {
    ctx.emit(c, 'stop');
    return;
  }
  await endProcess(ctx, c, sig, opts.timeout ?? c.record.Config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S);
  ctx.emit(c, 'stop');
}

export async function killContainer(ctx: RunControl, c: Container, signal?: string): Promise<void> {
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

export async function pauseContainer(ctx: RunControl, c: Container): Promise<void> {
  await c.lock.run(async () => {
    const s = c.record.State;
    if (!s.Running) throw notRunning(c);
    if (s.Paused) throw conflict(`Container ${c.id} is already paused`);
    if (s.Restarting) throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
    await ctx.deps.runtime.pause(c.id);
    setPaused(s);
    await ctx.store.save(c);
    ctx.emit(c, 'pause');
  });
}

export async function unpauseContainer(ctx: RunControl, c: Container): Promise<void> {
  await c.lock.run(async () => {
    if (!c.record.State.Paused) throw conflict(`Container ${c.id} is not paused`);
    await ctx.deps.runtime.resume(c.id);
    setUnpaused(c.record.State);
    await ctx.store.save(c);
    ctx.emit(c, 'unpause');
  });
}
