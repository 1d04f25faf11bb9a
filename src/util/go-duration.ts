/** Go's time.ParseDuration and time.Duration.String(), in nanoseconds (what Compose files and Docker's API carry). */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** Nanoseconds, or undefined when s is not a Go duration (`0` alone is one). */
export function parseDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  if (!DURATION.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_NS[m[2]!]!;
  return Math.round(s.startsWith('-') ? -total : total);
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
