/**
 * Failed logins per client, counted in a sliding window, so a client guessing
 * passwords gets 429 instead of a bcrypt run per guess. Two budgets must both
 * have room before a password is checked:
 *
 * - per client address and user name: `failures` in `windowMs` (guessing one account);
 * - per client address, any user: `failures × ADDRESS_FACTOR` (spraying names).
 *
 * There is no budget per user name alone: anyone could then lock any account
 * out from everywhere. An attempt counts against both budgets while its check
 * is running (so a burst of concurrent guesses cannot all slip in before the
 * first one fails); a success gives its place back and clears the address's
 * failures for that user.
 */

export interface FailureLimitOptions {
  /** Failures allowed per client address and user name in one window. */
  failures: number;
  windowMs: number;
}

/** A spraying client may fail this many times more across user names than on one. */
export const ADDRESS_FACTOR = 4;

export interface Attempt {
  succeeded(): void;
  failed(): void;
  /** The check could not run (not the client's fault): its place is given back, nothing else changes. */
  abandoned(): void;
}

type Outcome = 'succeeded' | 'failed' | 'abandoned';

export type Admission = { admitted: true; attempt: Attempt } | { admitted: false; retryAfterSeconds: number };

interface Window {
  /** When each failure still inside the window happened, oldest first. */
  failures: number[];
  running: number;
}

// Past this many keys, windows with nothing running and nothing recent are forgotten.
const PRUNE_AT = 10_000;

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly opts: FailureLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admit a password check for `user` from `client`, or say how long to wait. */
  admit(client: string, user: string): Admission {
    const now = this.now();
    const keys: Array<[string, number]> = [
      [`${client}\0${user}`, this.opts.failures],
      [client, this.opts.failures * ADDRESS_FACTOR],
    ];
    let wait = 0;
    for (const [key, budget] of keys) {
      const w = this.window(key, now);
      if (w.failures.length + w.running < budget) continue;
      // Room comes back when a running check succeeds (soon) or the oldest failure leaves the window.
      const frees = w.running > 0 ? 1 : Math.ceil(((w.failures[0] ?? now) + this.opts.windowMs - now) / 1000);
      wait = Math.max(wait, frees, 1);
    }
    if (wait > 0) return { admitted: false, retryAfterSeconds: wait };
    const windows = keys.map(([key]) => this.window(key, now));
    for (const w of windows) w.running++;
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      const at = this.now();
      for (const w of windows) {
        w.running--;
        if (outcome === 'failed') w.failures.push(at);
      }
      if (outcome === 'succeeded') (windows[0] as Window).failures.length = 0;
    };
    if (this.windows.size > PRUNE_AT) this.prune(now);
    return { admitted: true, attempt: { succeeded: () => settle('succeeded'), failed: () => settle('failed'), abandoned: () => settle('abandoned') } };
  }

  private window(key: string, now: number): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = { failures: [], running: 0 };
      this.windows.set(key, w);
    }
    const horizon = now - this.opts.windowMs;
    while (w.failures.length > 0 && (w.failures[0] as number) <= horizon) w.failures.shift();
    return w;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) {
      if (w.running === 0 && (w.failures.at(-1) ?? -Infinity) <= now - this.opts.windowMs) this.windows.delete(key);
    }
  }
}
