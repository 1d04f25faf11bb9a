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
  if (ranForMs >= STABLE_RUN_MS) c.restartBackoffMs = 0;
  c.restartBackoffMs = c.restartBackoffMs === 0 ? FIRST_DELAY_MS : Math.min(c.restartBackoffMs * 2, MAX_DELAY_MS);
  return true;
}
