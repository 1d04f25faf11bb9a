/** `until` and `since` values of filters, as Docker reads them. */
import { invalidArgument } from '../../errdefs/index.js';

/**
 * Docker's timestamp forms for `until`/`since`: RFC 3339 (or a date), Unix
 * seconds with optional fraction, or a Go duration before now (`24h`, `90m`).
 * Returns milliseconds.
 */
export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const dur = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(value) ? goDuration(value) : undefined;
  if (dur !== undefined) return now - dur;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
  return t;
}

function goDuration(s: string): number {
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
