/**
 * Docker's health monitor: while a container with a HEALTHCHECK runs, its
 * probe is run through the runtime's exec every interval (every start
 * interval during the start period); results go to State.Health (status,
 * failing streak, the last five probes) and a status change is a
 * `health_status: …` event, and an unhealthy container gets its
 * HostConfig.HealthOnFailure (health-action.ts). Wharf's readiness check
 * (HostConfig.ReadinessCheck) is run the same way by a second monitor, into
 * State.Readiness, and gates the embedded DNS (networks/readiness.ts). One
 * monitor per check and run, held by the run: a monitor whose run is no longer
 * the container's current one stops by itself.
 */
import type { ContainerState, HealthLogEntry } from '../../apitypes/containers.js';
import type { HealthConfig } from '../../oci/image.js';
import type { ExecSession } from '../../runtime/index.js';
import { newId } from '../../util/ids.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import { execProcess } from '../exec/process.js';
import { updateReadiness } from '../networks/readiness.js';
import type { Container } from './container.js';
import { actOnUnhealthy } from './health-action.js';
import { probeOf } from './probe-test.js';
import type { ContainerRun, RunMonitor } from './run.js';
import { tcpProbe } from './tcp-probe.js';
import { setHealth, setHealthStarting, setHealthStopped, type CheckState } from './state.js';

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

  constructor(
    readonly run: ContainerRun,
    readonly which: CheckState,
  ) {}

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

function timeoutText(timeoutMs: number): string {
  return `Health check exceeded timeout (${goDurationString(timeoutMs)})`;
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

function checkOf(c: Container, which: CheckState): HealthConfig | undefined {
  return which === 'Health' ? c.record.Config.Healthcheck : (c.record.HostConfig.ReadinessCheck ?? undefined);
}

/** A run started (or was re-adopted after a daemon restart): begin probing. Sets State.Health and State.Readiness; the caller saves. */
export function startHealthMonitor(ctx: EngineContext, c: Container, run: ContainerRun, opts: { adopted?: boolean } = {}): void {
  run.health?.stop();
  run.readiness?.stop();
  for (const which of ['Health', 'Readiness'] as const) {
    if (!probeOf(checkOf(c, which))) continue;
    setHealthStarting(c.record.State, opts, which);
    const m = new Monitor(run, which);
    if (which === 'Health') run.health = m;
    else run.readiness = m;
    schedule(ctx, c, m);
  }
}

/** The run ended: probing stops and, as with moby's CloseMonitorChannel, the status is left unhealthy (and not ready). The caller saves. */
export function stopHealthMonitor(ctx: EngineContext, c: Container, run: ContainerRun): void {
  setHealthStopped(c.record.State);
  run.health?.stop();
  run.readiness?.stop();
  if (run.readiness) readinessChanged(ctx, c);
}

function readinessChanged(ctx: EngineContext, c: Container): void {
  updateReadiness(ctx, c).catch((err: unknown) => log.warn('updating readiness failed', { id: c.id, error: String(err) }));
}

function alive(c: Container, m: Monitor): boolean {
  return !m.stopped && c.run === m.run && c.running && !c.record.State.Restarting && !c.removing;
}

function inStartPeriod(c: Container, hc: HealthConfig | undefined, at: number): boolean {
  const period = ms(hc?.StartPeriod, 0);
  return period > 0 && at - Date.parse(c.record.State.StartedAt) < period;
}

function schedule(ctx: EngineContext, c: Container, m: Monitor): void {
  const hc = checkOf(c, m.which);
  const starting = c.record.State[m.which]?.Status === 'starting' && inStartPeriod(c, hc, Date.now());
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
  const hc = checkOf(c, m.which);
  const probe = probeOf(hc);
  if (!probe) return;
  const start = new Date();
  const timeoutMs = ms(hc?.Timeout, DEFAULT_TIMEOUT_MS);
  const { exitCode, output } = probe.kind === 'exec' ? await runProbe(ctx, c, probe.argv, timeoutMs) : await tcpProbe(ctx, c, probe, timeoutMs, timeoutText(timeoutMs));
  const entry: HealthLogEntry = { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output };
  const changed = await c.lock.run(async () => {
    if (!alive(c, m)) return undefined;
    const s = c.record.State;
    const prev = s[m.which] ?? { Status: 'starting', FailingStreak: 0, Log: [] };
    const retries = hc?.Retries && hc.Retries > 0 ? hc.Retries : DEFAULT_RETRIES;
    const next = nextHealth(prev, entry, { retries, inStartPeriod: inStartPeriod(c, hc, start.getTime()) });
    setHealth(s, next, m.which);
    await ctx.store.save(c);
    if (next.Status === prev.Status) return undefined;
    if (m.which === 'Health') ctx.emit(c, `health_status: ${next.Status}`);
    return next.Status;
  });
  if (changed === undefined) return;
  if (m.which === 'Readiness') readinessChanged(ctx, c);
  else if (changed === 'unhealthy' && (c.record.HostConfig.HealthOnFailure ?? 'none') !== 'none') {
    // Acted on once per run; the action ends the run, and its probes with it.
    m.stop();
    actOnUnhealthy(ctx, c, m.run).catch((err: unknown) => log.warn('health on-failure action failed', { id: c.id, error: String(err) }));
  }
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
    return { exitCode: PROBE_ERROR_EXIT, output: timeoutText(timeoutMs) };
  }
  await collected;
  ctx.emit(c, 'exec_die', { execID: execId, exitCode: String(result.exitCode) });
  return { exitCode: result.exitCode, output: Buffer.concat(chunks).toString() };
}
