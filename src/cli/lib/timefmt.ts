/**
 * Time as docker prints and accepts it: Go's time.Time.String()
 * (`2024-01-02 15:04:05 +0000 UTC`), RFC3339 with fixed nanoseconds (events),
 * Go durations (`1h30m`), and timetypes.GetTimestamp for --since/--until.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { parseGoDuration as parseDuration } from '../../util/go-duration.js';

const two = (n: number): string => String(n).padStart(2, '0');

function zoneOffset(date: Date): { sign: string; hh: string; mm: string; minutes: number } {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return { sign: minutes < 0 ? '-' : '+', hh: two(Math.trunc(abs / 60)), mm: two(abs % 60), minutes };
}

function zoneName(date: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT' || name === '') return 'UTC';
  // Go prints a numeric zone name where the zone database has no abbreviation.
  if (name.startsWith('GMT')) {
    const z = zoneOffset(date);
    return z.mm === '00' ? `${z.sign}${z.hh}` : `${z.sign}${z.hh}${z.mm}`;
  }
  return name;
}

function localDateTime(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Go's time.Time.String() in local time, for whole seconds (ps/images CreatedAt). */
export function goTimeString(date: Date): string {
  const z = zoneOffset(date);
  return `${localDateTime(date)} ${z.sign}${z.hh}${z.mm} ${zoneName(date)}`;
}

/** Go's time.RFC3339 (`2006-01-02T15:04:05Z07:00`) in local time. */
export function rfc3339(date: Date): string {
  const z = zoneOffset(date);
  return `${localDateTime(date).replace(' ', 'T')}${z.minutes === 0 ? 'Z' : `${z.sign}${z.hh}:${z.mm}`}`;
}

/** jsonmessage.RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`) in local time. */
export function rfc3339NanoFixed(unixNanos: bigint): string {
  const date = new Date(Number(unixNanos / 1_000_000n));
  const nanos = String(((unixNanos % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).padStart(9, '0');
  return rfc3339(date).replace(/(Z|[+-]\d\d:\d\d)$/, `.${nanos}$1`);
}

/** Go's time.ParseDuration, in milliseconds; undefined when s is not a duration. */
export function parseGoDuration(s: string): number | undefined {
  try {
    return parseDuration(s) / 1e6;
  } catch {
    return undefined;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * timetypes.GetTimestamp: a Go duration is "that long before now", a date or
 * RFC 3339 time without zone is local, unix seconds pass through.
 * Returns docker's `seconds[.nanoseconds]` string.
 */
export function getTimestamp(value: string, now: number = Date.now()): string {
  const d = parseGoDuration(value);
  if (d !== undefined && value !== '0') return String(Math.trunc((now - d) / 1000));
  const m = DATE_RE.exec(value);
  if (m) {
    const [, y, mo, day, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
    const fields = [Number(y), Number(mo) - 1, Number(day), Number(h), Number(mi), Number(sec)] as const;
    let ms: number;
    if (zone === undefined) {
      ms = new Date(...fields).getTime();
    } else {
      const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
      ms = Date.UTC(...fields) - offset * 60_000;
    }
    if (Number.isNaN(ms)) throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
    return `${Math.floor(ms / 1000)}.${frac.padEnd(9, '0')}`;
  }
  if (/^\d+(\.\d{1,9})?$/.test(value)) return value;
  throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
}
