/**
 * Go's time.ParseDuration ("1h30m", "1.5s", "300ms", "-2us") and Duration.String(),
 * in nanoseconds: HEALTHCHECK flags and Compose files are written in them. Parsing is
 * computed in BigInt so overflow is detected where Go detects it, with Go's error texts.
 */
import { invalidArgument } from '../errdefs/index.js';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n, // micro sign
  '\u03bcs': 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX = 1n << 63n;

/** The time package's own quoting: non-ASCII and control bytes as \x escapes. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

/** Nanoseconds. */
export function parseGoDuration(orig: string): number {
  const invalid = () => invalidArgument(`time: invalid duration ${quote(orig)}`);
  let s = orig;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const intPart = m[1] as string;
    const fracPart = m[2];
    if (intPart === '' && (fracPart === undefined || fracPart === '')) throw invalid();
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i] as string >= '0' && (s[i] as string) <= '9')) i++;
    if (i === 0) throw invalidArgument(`time: missing unit in duration ${quote(orig)}`);
    const unitName = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS[unitName];
    if (unit === undefined) throw invalidArgument(`time: unknown unit ${quote(unitName)} in duration ${quote(orig)}`);
    const v = BigInt(intPart || '0');
    if (v > MAX || v > MAX / unit) throw invalid();
    let part = v * unit;
    if (fracPart) {
      // Go keeps at most the digits that fit in an int64 and scales in float64.
      let f = 0n;
      let scale = 1;
      for (const d of fracPart) {
        if (f > (MAX - 1n) / 10n) break;
        f = f * 10n + BigInt(d);
        scale *= 10;
      }
      part += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (part > MAX) throw invalid();
    }
    total += part;
    if (total > MAX) throw invalid();
  }
  if (!neg && total > MAX - 1n) throw invalid();
  return Number(neg ? -total : total);
}

/** Trailing zeros of a fraction dropped: 1.500 → 1.5, 2.000 → 2. */
function decimal(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, '');
}

/** time.Duration.String(): `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `0s`. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${decimal(abs / 1e3, 3)}µs`;
  if (abs < 1e9) return `${sign}${decimal(abs / 1e6, 6)}ms`;
  const h = Math.floor(abs / 3600e9);
  const m = Math.floor((abs % 3600e9) / 60e9);
  const s = decimal((abs % 60e9) / 1e9, 9);
  return `${sign}${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}
