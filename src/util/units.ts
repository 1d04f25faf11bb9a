/**
 * docker/go-units: human sizes (`4.26MB`, decimal), binary sizes (`1.5GiB`),
 * human durations (`About a minute`, `3 days`) and the size strings flags
 * accept (`512m`, `1g`).
 */
import { invalidArgument } from '../errdefs/index.js';

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's `%.{precision}g`: significant digits, trailing zeros dropped, exponent form for big/small values. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(value)));
  const rounded = Number(value.toPrecision(precision));
  const roundedExp = rounded === 0 ? exp : Math.floor(Math.log10(Math.abs(rounded)));
  if (roundedExp < -4 || roundedExp >= precision) {
    const [mantissa = '', e = '0'] = rounded.toExponential(precision - 1).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = rounded.toFixed(Math.max(0, precision - 1 - roundedExp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function scaled(size: number, base: number, units: string[]): { value: number; unit: string } {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return { value: size, unit: units[i]! };
}

/** units.HumanSizeWithPrecision: `4.26MB` at precision 3. */
export function humanSize(size: number, precision = 4): string {
  const { value, unit } = scaled(size, 1000, DECIMAL_UNITS);
  return formatG(value, precision) + unit;
}

/** units.BytesSize: `1.5GiB`, binary units, 4 significant digits. */
export function bytesSize(size: number): string {
  const { value, unit } = scaled(size, 1024, BINARY_UNITS);
  return formatG(value, 4) + unit;
}

/** units.HumanDuration of a span in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** `2 minutes ago` for a unix-seconds timestamp. */
export function timeAgo(unixSeconds: number, now: number = Date.now()): string {
  return `${humanDuration(now - unixSeconds * 1000)} ago`;
}

const SIZE_RE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const MULTIPLIERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** units.RAMInBytes: `512m` → 536870912 (binary multiples; what -m and --memory-swap take). */
export function ramInBytes(s: string): number {
  const m = SIZE_RE.exec(s);
  if (!m) throw invalidArgument(`invalid size: '${s}'`);
  const n = Number(m[1]);
  if (Number.isNaN(n)) throw invalidArgument(`invalid size: '${s}'`);
  const exp = m[2] ? MULTIPLIERS[m[2].toLowerCase()]! : 0;
  return Math.trunc(n * 1024 ** exp);
}

/** units.FromHumanSize: `10k` → 10000 (decimal multiples; what the log drivers' max-size takes). */
export function fromHumanSize(s: string): number {
  const m = SIZE_RE.exec(s);
  const n = m ? Number(m[1]) : NaN;
  if (!m || Number.isNaN(n)) throw invalidArgument(`invalid size: '${s}'`);
  const exp = m[2] ? MULTIPLIERS[m[2].toLowerCase()]! : 0;
  return Math.trunc(n * 1000 ** exp);
}
