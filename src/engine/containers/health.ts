/**
 * Docker's health monitor: while a container with a HEALTHCHECK runs, its
 * probe is run through the runtime's exec every interval (every start
 * interval during the start period); results go to State.Health (status,
 * failing streak, the last five probes) and a status change is a
 * `health_status: …` event. One monitor per run, held by the run: a monitor
 * whose run is no longer the container's current one stops by itself.
 */
import type { ContainerState, HealthLogEntry } from '../../apitypes/containers.js';
import type { HealthConfig } from '../../oci/image.js';
import type { ExecSession } from '../../runtime/index.js';
import { newId } from '../../util/ids.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import { execProcess } from '../exec/process.js';
import type { Container } from './container.js';
import type { ContainerRun, RunMonitor } from './run.js';
import { setHealth, setHealthStarting, setHealthStopped } from './state.js';

const log = logger('engine');

/** moby's defaults (daemon/health.go), in ms. */
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_START_INTERVAL_MS = 5_000;
const DEFAULT_RETRIES = 3;
const MAX_LOG_ENTRIES = 5;
const MAX_OUTPUT_BYTES = 4096;
/** What Docker records for a probe that could not run or timed out. */
const PROBE_ERROR_EXIT = -1;

type Health = NonNullable<ContainerState['Health']>;

class Monitor implements RunMonitor {
  timer?: NodeJS.Timeout;
  stopped = false;

  constructor(readonly run: ContainerRun) {}

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** Go durations are nanoseconds; 0 means "use the default". */
function ms(ns: number | undefined, fallback: number): number {
  return ns && ns > 0 ? ns / 1e6 : fallback;
}

/** Go's time.Duration.String() for the whole-millisecond values a probe timeout has. */
export function goDurationString(totalMs: number): string {
  if (totalMs < 1000) return `${totalMs}ms`;
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = (totalMs % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

/** The probe's argv, or undefined when the container has no (enabled) health check. */
export function probeCommand(hc: HealthConfig | undefined): string[] | undefined {
  const test = hc?.Test ?? [];
  const [kind, ...rest] = test;
  if (kind === 'CMD' && rest.length > 0) return rest;
  if (kind === 'CMD-SHELL' && rest.length > 0) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

/**
 * A probe result → the next health state (moby's handleProbeResult): success
 * resets the streak; a failure during the start period, before any success,
 * does not count.
 */
export function nextHealth(prev: Health, entry: HealthLogEntry, opts: { retries: number; inStartPeriod: boolean }): Health {
  const log = [...prev.Log, entry].slice(-MAX_LOG_ENTRIES);
  if (entry.ExitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log: log };
  if (prev.Status === 'starting' && opts.inStartPeriod) return { ...prev, Log: log };
  const streak = prev.FailingStreak + 1;
  return { Status: streak >= opts.retries ? 'unhealthy' : prev.Status, FailingStreak: streak, Log: log };
}

/** A run started (or was re-adopted after a daemon restart): begin probing. Sets State.Health; the caller saves. */
export function startHealthMonitor(ctx: EngineContext, c: Container, run: ContainerRun, opts: { adopted?: boolean } = {}): void {
  run.health?.stop();
  if (!probeCommand(c.record.Config.Healthcheck)) return;
  setHealthStarting(c.record.State, opts);
  const m = new Monitor(run);
  run.health = m;
  schedule(ctx, c, m);
}

/** The run ended: probing stops and, as with moby's CloseMonitorChannel, the status is left unhealthy. The caller saves. */
export function stopHealthMonitor(c: Container, run: ContainerRun): void {
  setHealthStopped(c.record.State);
  run.health?.stop();
}

function alive(c: Container, m: Monitor): boolean {
  return !m.stopped && c.run === m.run && c.running && !c.record.State.Restarting && !c.removing;
}

function inStartPeriod(c: Container, hc: HealthConfig | undefined, at: number): boolean {
  const period = ms(hc?.StartPeriod, 0);
  return period > 0 && at - Date.parse(c.record.State.StartedAt) < period;
}

function schedule(ctx: EngineContext, c: Container, m: Monitor): void {
  const hc = c.record.Config.Healthcheck;
  const starting = c.record.State.Health?.Status === 'starting' && inStartPeriod(c, hc, Date.now());
  const delay = starting ? ms(hc?.StartInterval, DEFAULT_START_INTERVAL_MS) : ms(hc?.Interval, DEFAULT_INTERVAL_MS);
  m.timer = setTimeout(() => {
    void probeOnce(ctx, c, m)
      .catch((err: unknown) => log.warn('health probe failed', { id: c.id, error: String(err) }))
      .finally(() => {
        if (alive(c, m)) schedule(ctx, c, m);
      });
  }, delay);
  m.timer.unref();
}

async function probeOnce(ctx: EngineContext, c: Container, m: Monitor): Promise<void> {
  // Docker pauses health checks with the container.
  if (!alive(c, m) || c.record.State.Paused) return;
  const hc = c.record.Config.Healthcheck;
  const cmd = probeCommand(hc);
  if (!cmd) return;
  const start = new Date();
  const { exitCode, output } = await runProbe(ctx, c, cmd, ms(hc?.Timeout, DEFAULT_TIMEOUT_MS));
  const entry: HealthLogEntry = { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output };
  await c.lock.run(async () => {
    if (!alive(c, m)) return;
    const s = c.record.State;
    const prev = s.Health ?? { Status: 'starting', FailingStreak: 0, Log: [] };
    const retries = hc?.Retries && hc.Retries > 0 ? hc.Retries : DEFAULT_RETRIES;
    const next = nextHealth(prev, entry, { retries, inStartPeriod: inStartPeriod(c, hc, start.getTime()) });
    setHealth(s, next);
    await ctx.store.save(c);
    if (next.Status !== prev.Status) ctx.emit(c, `health_status: ${next.Status}`);
  });
}

/** One probe through the runtime's exec, as `docker exec` would run it (with its exec events), killed at the timeout. */
async function runProbe(ctx: EngineContext, c: Container, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }> {
  const execId = newId();
  const line = cmd.join(' ');
  ctx.emit(c, `exec_create: ${line}`, { execID: execId });
  const record = {
    id: execId, containerId: c.id, cmd, env: [], user: '', workingDir: '', tty: false, privileged: false,
    attachStdin: false, attachStdout: true, attachStderr: true, detachKeys: '', started: true, running: true, exitCode: null, pid: 0,
  };
  let session: ExecSession;
  try {
    session = await ctx.deps.runtime.exec(c.id, execId, await execProcess(ctx, c, record), { tty: false, stdin: false, detach: false });
  } catch (err) {
    return { exitCode: PROBE_ERROR_EXIT, output: err instanceof Error ? err.message : String(err) };
  }
  ctx.emit(c, `exec_start: ${line}`, { execID: execId });
  const chunks: Buffer[] = [];
  let size = 0;
  const collected = (async () => {
    for await (const chunk of session.stdio?.output ?? []) {
      if (size >= MAX_OUTPUT_BYTES) continue;
      const data = chunk.data.subarray(0, MAX_OUTPUT_BYTES - size);
      chunks.push(data);
      size += data.length;
    }
  })().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([session.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    try {
      process.kill(session.pid, 'SIGKILL');
    } catch {
      // it ended meanwhile
    }
    session.stdio?.close();
    ctx.emit(c, 'exec_die', { execID: execId, exitCode: String(PROBE_ERROR_EXIT) });
    return { exitCode: PROBE_ERROR_EXIT, output: `Health check exceeded timeout (${goDurationString(timeoutMs)})` };
  }
  await collected;
  ctx.emit(c, 'exec_die', { execID: execId, exitCode: String(result.exitCode) });
  return { exitCode: result.exitCode, output: Buffer.concat(chunks).toString() };
}
