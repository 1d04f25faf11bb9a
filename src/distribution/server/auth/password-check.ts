/**
 * Checking a client's basic-auth password against the htpasswd file, in the
 * order that keeps a password-guessing flood cheap for the server and harmless
 * to everyone else: the failure limit first (no bcrypt once a client has
 * failed too often), then a short-lived cache of recent successes (clients
 * resend credentials on every blob request), then bcrypt on the worker pool.
 * The limit comes before the cache on purpose: otherwise a locked-out client
 * could keep guessing at hash-lookup speed and learn which guess is cached.
 */
import { createHash } from 'node:crypto';
import { registryError } from '../errors.js';
import type { BcryptPool } from './bcrypt-pool.js';
import { FailureLimiter, type Admission, type FailureLimitOptions } from './failure-limit.js';
import type { Htpasswd } from './htpasswd.js';

// Compared against when the user does not exist, so a missing user costs as much time as a wrong password.
const DUMMY_HASH = '$2b$10$vpau.M0fusL2Fo.WlSDuG.xkQcUbCUYTqGJGbRCZIHODr8actM/ge';
const VERIFIED_TTL_MS = 120_000;
const VERIFIED_LIMIT = 1024;
const UNLIMITED: Admission = { admitted: true, attempt: { succeeded: () => {}, failed: () => {}, abandoned: () => {} } };

export class PasswordChecker {
  /** sha256(user, password, hash) → when the success stops counting. Never the password itself. */
  private readonly verified = new Map<string, number>();
  private readonly limiter?: FailureLimiter;

  constructor(
    private readonly htpasswd: Htpasswd,
    private readonly pool: BcryptPool,
    failureLimit?: FailureLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = failureLimit ? new FailureLimiter(failureLimit, now) : undefined;
  }

  /** Whether `password` is `user`'s; throws TOOMANYREQUESTS (with Retry-After) when `client` failed too often. */
  async check(client: string, user: string, password: string): Promise<boolean> {
    const admission: Admission = this.limiter?.admit(client, user) ?? UNLIMITED;
    if (!admission.admitted) {
      throw registryError('TOOMANYREQUESTS', { message: 'too many failed logins, retry later', headers: { 'Retry-After': String(admission.retryAfterSeconds) } });
    }
    const { attempt } = admission;
    const hash = this.htpasswd.hashOf(user);
    const key = createHash('sha256').update(`${user}\0${password}\0${hash ?? ''}`).digest('hex');
    if (hash !== undefined && (this.verified.get(key) ?? 0) > this.now()) {
      attempt.succeeded();
      return true;
    }
    let ok: boolean;
    try {
      ok = (await this.pool.compare(password, hash ?? DUMMY_HASH, client, user)) && hash !== undefined;
    } catch (err) {
      // Not the client's failure (a full queue, a lost worker): give the place back.
      attempt.abandoned();
      throw err;
    }
    if (!ok) {
      attempt.failed();
      return false;
    }
    attempt.succeeded();
    this.remember(key);
    return true;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private remember(key: string): void {
    this.verified.delete(key);
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, this.now() + VERIFIED_TTL_MS);
  }
}
