/**
 * The one way tests wait for something to happen: poll a predicate until it
 * yields a value, with a deadline, so a regression fails with a message naming
 * what never happened instead of hanging the run.
 */
export interface WaitOptions {
  /** What is awaited, for the error at the deadline ("the container to exit"). */
  what: string;
  /** Give up after this long (default 30 s: generous, the test machine is loaded). */
  timeoutMs?: number;
  /** Pause between polls (default 100 ms). */
  intervalMs?: number;
}

/** Not there yet: anything else (a string, a number, an object, `true`) is the awaited value. */
type NotYet = undefined | null | false;

/**
 * Poll `predicate` until it returns something other than undefined, null or
 * false, and resolve with that. A predicate that throws fails the wait at once
 * (catch inside it what may fail while waiting). Throws at the deadline.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, opts: WaitOptions): Promise<Exclude<T, NotYet>> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v !== undefined && v !== null && v !== false) return v as Exclude<T, NotYet>;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
