/**
 * The only writer of a container's state flags, as moby's container/state.go:
 * each transition is named and sets every field it implies, so no caller can
 * leave a combination (running and restarting with a pid, say) half-made.
 * Pure: the caller holds the container lock and saves the record.
 */
import type { ContainerState } from '../../apitypes/containers.js';
import { rfc3339Nano } from '../../util/clock.js';
import type { PersistedState } from './record.js';

type Health = NonNullable<ContainerState['Health']>;

/** How a process ended, as the runtime reports it. */
export interface ExitState {
  exitCode: number;
  exitedAt: Date;
  /** The same to the nanosecond, when the runtime knows it. */
  exitedAtNs?: bigint;
  oomKilled: boolean;
}

/** The process started: a fresh run with no error. */
export function setRunning(s: PersistedState, pid: number, startedAtNs: bigint): void {
  Object.assign(s, { Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: pid, ExitCode: 0, Error: '' });
  s.StartedAt = rfc3339Nano(startedAtNs);
}

/** A daemon restart found the process still there (maybe frozen): its pid and pause as the runtime sees them. */
export function setAdopted(s: PersistedState, pid: number, paused: boolean): void {
  s.Pid = pid;
  s.Paused = paused;
}

/** The process exited and stays down. */
export function setStopped(s: PersistedState, exit: ExitState): void {
  Object.assign(s, { Running: false, Restarting: false, Paused: false, Pid: 0, ExitCode: exit.exitCode, OOMKilled: exit.oomKilled });
  s.FinishedAt = rfc3339Nano(exit.exitedAtNs ?? BigInt(exit.exitedAt.getTime()) * 1_000_000n);
}

/** The process exited and the restart policy will start it again: Docker shows it running and restarting meanwhile. */
export function setRestarting(s: PersistedState, exit: ExitState): void {
  setStopped(s, exit);
  s.Running = true;
  s.Restarting = true;
}

/** A pending policy restart was called off (stop, kill, remove, or a daemon that died while waiting). */
export function setRestartCancelled(s: PersistedState): void {
  Object.assign(s, { Running: false, Restarting: false, Pid: 0 });
}

/** A start that failed: not running, with the error and the exit code `docker inspect` shows for it. */
export function setError(s: PersistedState, message: string, exitCode: number): void {
  Object.assign(s, { Running: false, Paused: false, Restarting: false, Pid: 0, Error: message, ExitCode: exitCode });
}

export function setPaused(s: PersistedState): void {
  s.Paused = true;
}

export function setUnpaused(s: PersistedState): void {
  s.Paused = false;
}

/** What removal marks on the container in memory (never persisted: a restarted daemon starts without it). */
export interface RemovalFlag {
  removing: boolean;
}

/** False when a removal is already under way. */
export function setRemovalInProgress(c: RemovalFlag): boolean {
  if (c.removing) return false;
  c.removing = true;
  return true;
}

/** The removal failed: the container stays, and may be removed again. */
export function resetRemovalInProgress(c: RemovalFlag): void {
  c.removing = false;
}

/** Where a check's results go: the healthcheck's, or Wharf's readiness check's. */
export type CheckState = 'Health' | 'Readiness';

/** A checked run began: `starting`, keeping the probes logged so far; an adopted run keeps the status it had. */
export function setHealthStarting(s: PersistedState, opts: { adopted?: boolean } = {}, which: CheckState = 'Health'): void {
  if (opts.adopted && s[which]) return;
  s[which] = { Status: 'starting', FailingStreak: 0, Log: s[which]?.Log ?? [] };
}

export function setHealth(s: PersistedState, health: Health, which: CheckState = 'Health'): void {
  s[which] = health;
}

/** The run ended: as moby's CloseMonitorChannel leaves it, the status is `unhealthy` (and a stopped container is not ready). */
export function setHealthStopped(s: PersistedState): void {
  if (s.Health) s.Health = { ...s.Health, Status: 'unhealthy' };
  if (s.Readiness) s.Readiness = { ...s.Readiness, Status: 'unhealthy' };
}
