/** The bench's timing primitives, shared by every section. */
import type { RunResult } from '../test/support/daemon.js';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Milliseconds `fn` takes. */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Milliseconds a command takes; it must succeed. */
export async function timed(what: string, fn: () => Promise<RunResult>): Promise<number> {
  let r: RunResult | undefined;
  const ms = await timeIt(async () => (r = await fn()));
  if (r && r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`);
  return ms;
}
