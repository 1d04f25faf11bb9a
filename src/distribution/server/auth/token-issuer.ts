/**
 * The token endpoint's side of bearer auth: Docker's token protocol
 * (`GET /token?service=…&scope=…`, credentials by HTTP basic, none for an
 * anonymous token). Granted access is the requested scopes cut down to what
 * the access policy allows; a request for more than that still gets a token,
 * as Docker's token servers do, and the registry then refuses the action.
 */
import type { IncomingMessage } from 'node:http';
import { registryError } from '../errors.js';
import { parseScopes, type AccessPolicy } from './access.js';
import { clientAddress, type TokenVerifier } from './authorizer.js';
import { basicCredentials } from './htpasswd.js';
import type { PasswordChecker } from './password-check.js';
import { newTokenId, signToken, verifyToken, type TokenClaims } from './token.js';

export interface TokenIssuerOptions {
  service: string;
  secret: Buffer;
  issuer: string;
  ttlSeconds: number;
}

export interface TokenResponse {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

export class TokenIssuer implements TokenVerifier {
  readonly service: string;

  constructor(
    private readonly opts: TokenIssuerOptions,
    private readonly passwords: PasswordChecker,
    private readonly policy: AccessPolicy,
  ) {
    this.service = opts.service;
  }

  verify(token: string): TokenClaims {
    return verifyToken(token, this.opts.secret, { issuer: this.opts.issuer, audience: this.service });
  }

  /** Answer a token request; throws UNAUTHORIZED for bad credentials, DENIED for another service. */
  async handle(req: IncomingMessage, query: URLSearchParams, now = new Date()): Promise<TokenResponse> {
    const service = query.get('service');
    if (service !== null && service !== this.service) {
      throw registryError('DENIED', { message: `tokens here are for service ${JSON.stringify(this.service)}`, detail: { service } });
    }
    const creds = basicCredentials(req.headers.authorization);
    if (creds && !(await this.passwords.check(clientAddress(req), creds.user, creds.password))) {
      throw registryError('UNAUTHORIZED', { message: 'invalid username or password', headers: { 'WWW-Authenticate': `Basic realm="${this.service}"` } });
    }
    const iat = Math.floor(now.getTime() / 1000);
    const claims: TokenClaims = {
      iss: this.opts.issuer,
      sub: creds?.user ?? '',
      aud: this.service,
      iat,
      nbf: iat,
      exp: iat + this.opts.ttlSeconds,
      jti: newTokenId(),
      access: this.policy.grant(creds?.user, parseScopes(query.getAll('scope'))),
    };
    const token = signToken(claims, this.opts.secret);
    return { token, access_token: token, expires_in: this.opts.ttlSeconds, issued_at: now.toISOString() };
  }
}
