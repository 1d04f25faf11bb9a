/**
 * Wall-clock time to the nanosecond, as Go's time.Now() gives dockerd: Date.now()
 * has milliseconds only, so the monotonic clock supplies the digits below them,
 * anchored to the wall clock and re-anchored when the two drift a millisecond apart.
 */
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Wall-clock ns minus monotonic ns at the last anchoring. */
let anchor: bigint | undefined;

/** Nanoseconds since the epoch; never more than a millisecond ahead of the wall clock. */
export function nowNs(): bigint {
  const mono = process.hrtime.bigint();
  const wall = BigInt(Date.now()) * NS_PER_MS;
  let t = anchor === undefined ? undefined : anchor + mono;
  if (t === undefined || t < wall - NS_PER_MS || t >= wall + NS_PER_MS) {
    anchor = wall - mono;
    t = wall;
  }
  return t;
}

/** Go's RFC3339Nano in UTC: up to nine fraction digits, trailing zeros trimmed. */
export function rfc3339Nano(ns: bigint): string {
  const secs = ns / NS_PER_S;
  const frac = (ns % NS_PER_S).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(Number(secs) * 1000).toISOString().slice(0, 19)}${frac ? '.' + frac : ''}Z`;
}
