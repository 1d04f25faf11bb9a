/**
 * Docker's restart manager: whether an exit restarts the container, and after
 * what delay (100 ms doubling to 1 min, back to 100 ms once a run lasted 10 s).
 */
import type { Container } from './container.js';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
const STABLE_RUN_MS = 10_000;

/** Decide, and advance the backoff when the answer is yes. */
export function shouldRestart(c: Container, exitCode: number, ranForMs: number, opts: { atDaemonStart?: boolean } = {}): boolean {
  const policy = c.record.HostConfig.RestartPolicy;
  const name = policy?.Name ?? 'no';
  if (name === 'no' || name === '' || (c.exitOnNext && !opts.atDaemonStart)) return false;
  let restart = false;
  if (name === 'always') restart = true;
  else if (name === 'unless-stopped') restart = !c.record.HasBeenManuallyStopped;
  else if (name === 'on-failure') {
    const max = policy?.MaximumRetryCount ?? 0;
    restart = exitCode !== 0 && (max === 0 || c.record.RestartCount < max);
  }
  if (!restart) return false;
  advanceBackoff(c, ranForMs);
  return true;
}

/** A failing health check asked for this exit (HealthOnFailure `restart`): it restarts whatever the policy, unless the user stopped it meanwhile. */
export function restartForHealth(c: Container, asked: boolean, ranForMs: number): boolean {
  if (!asked || c.exitOnNext) return false;
  advanceBackoff(c, ranForMs);
  return true;
}

/** The delay before the next restart . */
export function advanceBackoff(c: Container, ranForMs: number): void {
  if (ranForMs >= STABLE_RUN_MS) c.restartBackoffMs = 0;
  c.restartBackoffMs = c.restartBackoffMs === 0 ? FIRST_DELAY_MS : Math.min(c.restartBackoffMs * 2, MAX_DELAY_MS);
}
