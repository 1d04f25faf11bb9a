/**
 * Deciding whether a request may proceed, in the three modes the registry
 * runs in. Failures are the spec's errors with the challenge Docker clients
 * follow: `Basic realm=…`, or `Bearer realm=…,service=…,scope=…` (plus
 * `error="invalid_token"` / `"insufficient_scope"`, as the reference registry
 * sends; a token lacking a scope is a 401 so the client fetches a wider one).
 */
import type { IncomingMessage } from 'node:http';
import { registryError, type RegistryError } from '../errors.js';
import { covers, formatScope, type Access, type AccessPolicy } from './access.js';
import { basicCredentials } from './htpasswd.js';
import type { PasswordChecker } from './password-check.js';
import { TokenError, type TokenClaims } from './token.js';

export interface Grant {
  /** Undefined for anonymous requests. */
  account?: string;
  allows(needed: Access[]): boolean;
}

export interface Authorizer {
  /** The caller's grant, or a thrown UNAUTHORIZED/DENIED carrying the challenge. `needed` empty: any identity will do. */
  authorize(req: IncomingMessage, needed: Access[], secure: boolean): Promise<Grant>;
}

export const openAuthorizer: Authorizer = {
  authorize: async () => ({ allows: () => true }),
};

function unauthorized(challenge: string, needed: Access[], message?: string): RegistryError {
  return registryError('UNAUTHORIZED', { message, headers: { 'WWW-Authenticate': challenge }, detail: needed.length ? needed : undefined });
}

export class BasicAuthorizer implements Authorizer {
  constructor(
    private readonly passwords: PasswordChecker,
    private readonly policy: AccessPolicy,
    private readonly realm: string,
  ) {}

  async authorize(req: IncomingMessage, needed: Access[]): Promise<Grant> {
    const challenge = `Basic realm="${this.realm}"`;
    const creds = basicCredentials(req.headers.authorization);
    if (creds && !(await this.passwords.check(clientAddress(req), creds.user, creds.password))) throw unauthorized(challenge, needed, 'invalid username or password');
    const account = creds?.user;
    if (account === undefined && needed.length === 0) throw unauthorized(challenge, needed);
    const grant = policyGrant(this.policy, account);
    if (grant.allows(needed)) return grant;
    if (account === undefined) throw unauthorized(challenge, needed);
    throw registryError('DENIED', { detail: needed });
  }
}

/** Who failed logins are counted against: the peer's address (a proxy in front counts as one client). */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

export function policyGrant(policy: AccessPolicy, account: string | undefined): Grant {
  return {
    account,
    allows: (needed) => needed.every((n) => {
      const allowed = policy.allowed(account, n.type, n.name);
      return n.actions.every((a) => allowed.has(a));
    }),
  };
}

export interface TokenVerifier {
  readonly service: string;
  verify(token: string): TokenClaims;
}

export class TokenAuthorizer implements Authorizer {
  /** `realm` 'self': this process's own /token, addressed as the client addressed us. */
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly realm: string,
  ) {}

  async authorize(req: IncomingMessage, needed: Access[], secure: boolean): Promise<Grant> {
    const challenge = (error?: string): string => {
      const realm = this.realm === 'self' ? `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}/token` : this.realm;
      let c = `Bearer realm="${realm}",service="${this.verifier.service}"`;
      if (needed.length) c += `,scope="${formatScope(needed)}"`;
      return error ? `${c},error="${error}"` : c;
    };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m?.[1]) throw unauthorized(challenge(), needed);
    let claims: TokenClaims;
    try {
      claims = this.verifier.verify(m[1]);
    } catch (err) {
      if (err instanceof TokenError) throw unauthorized(challenge('invalid_token'), needed, `authentication required: ${err.message}`);
      throw err;
    }
    if (!covers(claims.access, needed)) throw unauthorized(challenge('insufficient_scope'), needed, 'authentication required: insufficient scope');
    return { account: claims.sub || undefined, allows: (n) => covers(claims.access, n) };
  }
}
