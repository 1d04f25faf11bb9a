/**
 * Running a container and handling its exit: mount the rootfs, create the
 * runc container through conmon, connect waiting attach clients, start it,
 * then watch for the exit; on exit record the state, clean up, emit `die`,
 * and restart or auto-remove as the container asks.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, notModified } from '../../errdefs/index.js';
import { LogKeeper, isStartFailure, prepareLog } from '../../runtime/index.js';
import { buildSpec } from '../../runtime/index.js';
import type { ExitStatus, LogRotation } from '../../runtime/index.js';
import { nowNs } from '../../util/clock.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { startHealthMonitor, stopHealthMonitor } from './health.js';
import { logSettings } from './log-config.js';
import { ZERO_TIME } from './record.js';
import { removeContainer } from './remove.js';
import { restartForHealth, shouldRestart } from './restart-policy.js';
import { acquireRootfsForRun, adoptRootfs } from './rootfs.js';
import { ContainerRun, endRun } from './run.js';
import { buildSpecInput, consoleTty } from './spec-input.js';
import { setError, setRestarting, setRunning, setStopped } from './state.js';
import { connectSandbox, holdSandbox, prepareSandbox } from '../networks/sandbox.js';

const log = logger('engine');
/** How long an exit waits for attached clients to receive the last output (Docker waits 2 s too). */
const DRAIN_TIMEOUT_MS = 2000;

/** `POST /containers/{id}/start`. */
export async function startContainer(ctx: EngineContext, c: Container): Promise<void> {
  let ran = false;
  try {
    await c.lock.run(async () => {
      if (c.removing || c.record.State.Dead) throw conflict('container is marked for removal and cannot be started');
      if (c.record.State.Paused) throw conflict('cannot start a paused container, try unpause instead');
      if (c.running && !c.record.State.Restarting) throw notModified('container already started');
      c.cancelRestart();
      c.exitOnNext = false;
      c.record.HasBeenManuallyStopped = false;
      ran = true;
      await runLocked(ctx, c);
    });
  } catch (err) {
    // `docker run --rm` waits for the removal even when the start fails, as Docker removes it then too.
    if (ran && c.record.HostConfig.AutoRemove) await autoRemove(ctx, c);
    throw err;
  }
}

/** Docker's wording around runc's: what `docker run` prints for a command that cannot start. */
function startErrorMessage(message: string): string {
  return message.startsWith('OCI runtime') ? `failed to create task for container: failed to create shim task: ${message}: unknown` : message;
}

/** The runc container and the bundle's spec: held from the runtime's create to the run's end. */
function holdProcess(ctx: EngineContext, c: Container, run: ContainerRun): void {
  run.hold('runtime', () => ctx.deps.runtime.delete(c.id, { force: true }));
  run.hold('bundle', async () => {
    // Its absence tells a restarted daemon that this run was cleaned up.
    await rm(bundleSpecPath(ctx, c), { force: true });
    for (const [id, e] of ctx.execs) if (e.containerId === c.id) ctx.execs.delete(id);
  });
}

/** One run of the container; the caller holds the lock. */
async function runLocked(ctx: EngineContext, c: Container): Promise<void> {
  const { runtime } = ctx.deps;
  const run = new ContainerRun(c.id);
  const rootfs = await acquireRootfsForRun(ctx, c, run);
  c.run = run;
  for (const l of c.waitingListeners) run.listeners.add(l);
  c.waitingListeners.clear();
  try {
    const logs = logSettings(c.record.HostConfig.LogConfig);
    const rotation = logs.read ? logs.rotation : undefined;
    if (rotation) await prepareLog(c.record.LogPath, rotation);
    keepLogs(c, run, rotation);
    await prepareSandbox(ctx, c, run);
    const spec = buildSpec(await buildSpecInput(ctx, c, run, rootfs));
    const { Config: config } = c.record;
    const [made, connected] = await Promise.allSettled([runtime.create(c.id, {
      bundleDir: ctx.bundleDir(c.id),
      spec,
      tty: consoleTty(c),
      openStdin: config.OpenStdin ?? false,
      stdinOnce: config.StdinOnce ?? false,
      ...(logs.read ? { logPath: c.record.LogPath, ...(rotation ? { logRotation: rotation } : {}) } : {}),
    }), connectSandbox(ctx, c, run)]);
    if (made.status === 'fulfilled') holdProcess(ctx, c, run);
    // A network failure tears the netns down under the runtime: its error is the cause.
    if (connected.status === 'rejected') throw connected.reason;
    if (made.status === 'rejected') throw made.reason;
    const { pid } = made.value;
    // Clients that attached before start must be connected before the process can write anything.
    await Promise.all([...run.listeners].map((l) => l.connect()));
    watchExit(ctx, c, run);
    // Taken before the process can write: `logs --since <StartedAt>` must show all of this run.
    const startedAt = nowNs();
    await runtime.start(c.id);
    setRunning(c.record.State, pid, startedAt);
    c.record.HasBeenStartedBefore = true;
    startHealthMonitor(ctx, c, run);
    await ctx.store.save(c);
    ctx.emit(c, 'start');
  } catch (err) {
    await endRun(c, 'failed');
    const s = c.record.State;
    const message = err instanceof Error ? err.message : String(err);
    setError(s, isStartFailure(err) ? startErrorMessage(message) : message, isStartFailure(err) ? err.exitCode : s.ExitCode || 128);
    await ctx.store.save(c).catch(() => undefined);
    if (isStartFailure(err)) err.message = s.Error;
    throw err;
  }
}

/** While the run lasts, keep the files conmon cuts the log into (runtime/log-rotation.ts). */
function keepLogs(c: Container, run: ContainerRun, rotation: LogRotation | undefined): void {
  if (!rotation || rotation.maxFiles < 2) return;
  const keeper = new LogKeeper(c.record.LogPath, rotation, (err) =>
    log.warn('keeping rotated logs failed', { id: c.id, error: String(err) }),
  );
  run.hold('logs', () => keeper.close());
}

/** Watch for the run's process to exit (also for a run re-adopted after a daemon restart). */
function watchExit(ctx: EngineContext, c: Container, run: ContainerRun): void {
  const { signal } = run.exitWatch;
  ctx.deps.runtime
    .waitExit(c.id, { signal })
    .then(
      (status) => handleExit(ctx, c, run, status),
      (err: unknown) => {
        if (!signal.aborted) throw err;
      },
    )
    .catch((err: unknown) => log.error('handling container exit failed', { id: c.id, error: String(err) }));
}

export function bundleSpecPath(ctx: EngineContext, c: Container): string {
  return join(ctx.bundleDir(c.id), 'config.json');
}

/**
 * Daemon start found the container's process alive (or exited while the
 * daemon was down): a run that holds what the previous daemon made.
 */
export function adoptRun(ctx: EngineContext, c: Container, opts: { rootfsMounted: boolean }): ContainerRun {
  const run = new ContainerRun(c.id);
  c.run = run;
  if (opts.rootfsMounted) adoptRootfs(ctx, c, run);
  holdProcess(ctx, c, run);
  holdSandbox(ctx, c, run);
  return run;
}

/** The adopted process still runs: watch its exit and resume its health checks. */
export function watchAdopted(ctx: EngineContext, c: Container, run: ContainerRun): void {
  watchExit(ctx, c, run);
  try {
    const logs = logSettings(c.record.HostConfig.LogConfig);
    keepLogs(c, run, logs.read ? logs.rotation : undefined);
  } catch (err) {
    log.warn('log options no longer valid: rotated logs are not kept', { id: c.id, error: String(err) });
  }
  startHealthMonitor(ctx, c, run, { adopted: true });
}

async function drainListeners(run: ContainerRun): Promise<void> {
  if (run.listeners.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([...run.listeners].map((l) => l.drained)),
    new Promise<void>((r) => (timer = setTimeout(r, DRAIN_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
}

/** Record an exit the runtime reported (now, or while the daemon was down). */
export async function handleExit(ctx: EngineContext, c: Container, run: ContainerRun, status: ExitStatus): Promise<void> {
  const next = await c.lock.run(async (): Promise<'restart' | 'remove' | 'none'> => {
    if (c.run !== run || !c.running || c.record.State.Restarting) return 'none';
    stopHealthMonitor(ctx, c, run);
    await drainListeners(run);
    run.finishListeners();
    const s = c.record.State;
    const startedAt = s.StartedAt === ZERO_TIME ? Date.now() : Date.parse(s.StartedAt);
    const ranForMs = status.exitedAt.getTime() - startedAt;
    const restart = !c.removing && (restartForHealth(c, run.restartOnExit, ranForMs) || shouldRestart(c, status.exitCode, ranForMs));
    if (restart) setRestarting(s, status);
    else setStopped(s, status);
    if (restart) c.record.RestartCount++;
    await ctx.store.save(c, { sync: !c.record.HostConfig.AutoRemove });
    if (status.oomKilled) ctx.emit(c, 'oom');
    ctx.emit(c, 'die', { exitCode: String(status.exitCode), execDuration: String(Math.floor(Math.max(ranForMs, 0) / 1000)) });
    c.notifyStopped();
    // After the waiters: a client waiting for the exit need not wait for unmounting; the lock keeps the next step behind it.
    await endRun(c, 'exit');
    if (restart) return 'restart';
    return c.record.HostConfig.AutoRemove && !c.removing ? 'remove' : 'none';
  });
  if (next === 'restart') scheduleRestart(ctx, c, { event: run.restartOnExit });
  else if (next === 'remove') await autoRemove(ctx, c);
}

async function autoRemove(ctx: EngineContext, c: Container): Promise<void> {
  await removeContainer(ctx, c, { force: true, volumes: true, autoRemove: true }).catch((err: unknown) => log.debug('auto-remove skipped', { id: c.id, error: String(err) }));
}

/** Restart after the policy's backoff, unless someone stops or removes the container first; `event`: emit `restart` once it runs. */
export function scheduleRestart(ctx: EngineContext, c: Container, opts: { event?: boolean } = {}): void {
  c.cancelRestart();
  c.restartTimer = setTimeout(() => {
    c.restartTimer = undefined;
    void c.lock
      .run(async () => {
        if (!c.record.State.Restarting || c.removing) return;
        try {
          await runLocked(ctx, c);
          if (opts.event) ctx.emit(c, 'restart');
        } catch (err) {
          log.warn('restarting container failed', { id: c.id, error: String(err) });
          return 'remove' as const;
        }
        return undefined;
      })
      .then((after) => (after === 'remove' && c.record.HostConfig.AutoRemove ? autoRemove(ctx, c) : undefined));
  }, c.restartBackoffMs);
}
