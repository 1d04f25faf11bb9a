/** The human-readable strings `docker ps` shows: Status and Command. */
import { ZERO_TIME, type PersistedState } from './record.js';

/** Go's units.HumanDuration, which Docker uses for "Up 5 seconds" and "3 minutes ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

function since(iso: string, now: number): string {
  return humanDuration(now - Date.parse(iso));
}

/** Docker's State.String(): `Up 5 seconds (Paused)`, `Exited (0) 3 seconds ago`, `Created` … */
export function humanStatus(state: PersistedState, removing: boolean, now = Date.now()): string {
  if (state.Running) {
    const up = 'Up ' + since(state.StartedAt, now);
    if (state.Paused) return up + ' (Paused)';
    if (state.Restarting) return `Restarting (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
    const health = state.Health?.Status;
    if (health && health !== 'none') return `${up} (${health === 'starting' ? 'health: starting' : health})`;
    return up;
  }
  if (removing) return 'Removal In Progress';
  if (state.Dead) return 'Dead';
  if (state.StartedAt === ZERO_TIME) return 'Created';
  if (state.FinishedAt === ZERO_TIME) return '';
  return `Exited (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
}

/** Docker's summary Command: arguments containing a space are single-quoted. */
export function commandString(path: string, args: string[]): string {
  if (args.length === 0) return path;
  return `${path} ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
}
