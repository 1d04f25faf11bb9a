/** The human-readable strings `docker ps` shows: Status and Command. */
import { humanDuration } from '../../util/units.js';
import { ZERO_TIME, type PersistedState } from './record.js';

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
