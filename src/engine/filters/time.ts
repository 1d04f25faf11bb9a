/** `until` and `since` values of filters, as Docker reads them. */
import { invalidArgument } from '../../errdefs/index.js';
import { parseGoDuration } from '../../util/go-duration.js';

/**
 * Docker's timestamp forms for `until`/`since`: RFC 3339 (or a date), Unix
 * seconds with optional fraction, or a Go duration before now (`24h`, `90m`).
 * Returns milliseconds.
 */
export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const dur = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(value) ? parseGoDuration(value) / 1e6 : undefined;
  if (dur !== undefined) return now - dur;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
  return t;
}

