/** The spec's durations (`1m30s`, `10s`, Go's time.ParseDuration) in milliseconds. */
import { invalidArgument } from '../../errdefs/index.js';
import { parseGoDuration } from '../../cli/lib/timefmt.js';

export function durationMs(spec: string): number {
  const ms = parseGoDuration(spec);
  if (ms === undefined) throw invalidArgument(`invalid duration "${spec}"`);
  return ms;
}
