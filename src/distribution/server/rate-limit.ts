/**
 * A token bucket per client address: `burst` requests at once, refilled at
 * `requestsPerSecond`. Over the limit a request gets 429 TOOMANYREQUESTS with
 * the Retry-After the spec asks for.
 */
import { registryError } from './errors.js';

export interface RateLimitOptions {
  requestsPerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

// Past this many clients, buckets that have refilled completely are forgotten.
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spend one request for `client`, or throw TOOMANYREQUESTS. */
  take(client: string): void {
    const now = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.opts.burst, at: now };
    b.tokens = Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.requestsPerSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(client, b);
      const wait = Math.ceil((1 - b.tokens) / this.opts.requestsPerSecond);
      throw registryError('TOOMANYREQUESTS', { headers: { 'Retry-After': String(Number.isFinite(wait) ? Math.max(wait, 1) : 3600) } });
    }
    b.tokens -= 1;
    this.buckets.set(client, b);
    if (this.buckets.size > PRUNE_AT) this.prune(now);
  }

  private prune(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.opts.requestsPerSecond >= this.opts.burst) this.buckets.delete(client);
    }
  }
}
