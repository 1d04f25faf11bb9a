/**
 * Bearer tokens: JWTs (RFC 7519) signed with HMAC-SHA256 under a secret only
 * this registry holds, carrying Docker's token claims (`access`: the granted
 * scopes). The registry is both issuer and verifier, so a shared secret is
 * enough; the reference registry's RS/ES-signed tokens are not accepted.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: Array<{ type: string; name: string; actions: string[] }>;
}

export type TokenFailure = 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'wrong-issuer' | 'wrong-audience';

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure) {
    super(`invalid token: ${reason}`);
    this.name = 'TokenError';
  }
}

// Clocks of the issuing and verifying side are the same process; this only absorbs second rounding.
const LEEWAY_SECONDS = 1;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function mac(secret: Buffer, input: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signToken(claims: TokenClaims, secret: Buffer): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${mac(secret, input).toString('base64url')}`;
}

export function newTokenId(): string {
  return randomBytes(16).toString('hex');
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed');
  }
}

export function verifyToken(token: string, secret: Buffer, expect: { issuer: string; audience: string; now?: Date }): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed');
  const [header, payload, signature] = parts as [string, string, string];
  const h = decodeJson(header) as { alg?: unknown };
  if (h?.alg !== 'HS256') throw new TokenError('malformed');
  const given = Buffer.from(signature, 'base64url');
  const want = mac(secret, `${header}.${payload}`);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new TokenError('signature');
  const claims = decodeJson(payload) as Partial<TokenClaims>;
  if (typeof claims?.exp !== 'number' || !Array.isArray(claims.access)) throw new TokenError('malformed');
  const now = Math.floor((expect.now ?? new Date()).getTime() / 1000);
  if (claims.iss !== expect.issuer) throw new TokenError('wrong-issuer');
  if (claims.aud !== expect.audience) throw new TokenError('wrong-audience');
  if (now > claims.exp + LEEWAY_SECONDS) throw new TokenError('expired');
  if (typeof claims.nbf === 'number' && now + LEEWAY_SECONDS < claims.nbf) throw new TokenError('not-yet-valid');
  return claims as TokenClaims;
}
