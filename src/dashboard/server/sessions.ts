/**
 * The one-time login token and the sessions it opens: random 32 bytes each,
 * kept in memory only, compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'wharf_session';
/** How long the printed URL stays valid. */
export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

export interface Session {
  readonly csrf: string;
}

const secret = (): string => randomBytes(32).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Sessions {
  private token: { value: string; expires: number } | undefined;
  private readonly sessions = new Map<string, Session>();

  /** A new login token; it replaces any unused one. */
  issueToken(now = Date.now()): string {
    this.token = { value: secret(), expires: now + TOKEN_LIFETIME_MS };
    return this.token.value;
  }

  /**
   * A new session when `token` is the current, unexpired token (used up either way once matched):
   * its id, for the cookie, and its key (`csrf`), which only the page's tab ever holds.
   */
  redeem(token: string, now = Date.now()): { id: string; csrf: string } | undefined {
    const current = this.token;
    if (!current || !sameSecret(token, current.value)) return undefined;
    this.token = undefined;
    if (now > current.expires) return undefined;
    const opened = { id: secret(), csrf: secret() };
    this.sessions.set(opened.id, { csrf: opened.csrf });
    return opened;
  }

  /** The session a request's `Cookie` header names, if any. */
  fromCookies(header: string | undefined): Session | undefined {
    for (const part of (header ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
      const session = this.sessions.get(part.slice(eq + 1).trim());
      if (session) return session;
    }
    return undefined;
  }
}
