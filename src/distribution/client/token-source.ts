/**
 * Bearer tokens from a registry's token server (Docker's token protocol):
 * `GET realm?service=…&scope=…` with basic credentials (or none, for an anonymous
 * token), or the OAuth2 refresh-token grant when an identity token is known.
 * Tokens are cached per realm, service, scopes and identity until shortly
 * before they expire; concurrent callers share one fetch.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../../errdefs/index.js';
import { readBody, type HttpClient } from './http-transport.js';
import { remoteErrorOf } from './remote-error.js';
import type { Credentials } from './types.js';

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  credentials?: Credentials;
  insecure: boolean;
  signal?: AbortSignal;
  /** Ask for a refresh token too (login does, to hand the CLI an identity token). */
  offline?: boolean;
}

export interface Token {
  token: string;
  refreshToken?: string;
  /** Epoch ms after which it is not used. */
  expires: number;
}

/** The spec's default and minimum lifetime. */
const MIN_TTL_S = 60;
/** A token is dropped this long before its expiry so a request in flight does not carry a dead one. */
const EXPIRY_MARGIN_MS = 10_000;
const CLIENT_ID = 'docker';

export class TokenSource {
  private readonly cache = new Map<string, Promise<Token>>();

  constructor(private readonly http: HttpClient) {}

  async token(req: TokenRequest): Promise<string> {
    const key = cacheKey(req);
    const cached = this.cache.get(key);
    if (cached) {
      const t = await cached.catch(() => undefined);
      if (t && t.expires > Date.now()) return t.token;
      if (this.cache.get(key) === cached) this.cache.delete(key);
    }
    const pending = this.fetch(req);
    this.cache.set(key, pending);
    pending.catch(() => {
      if (this.cache.get(key) === pending) this.cache.delete(key);
    });
    return (await pending).token;
  }

  /** Forget the token for these scopes (the registry refused it). */
  invalidate(req: TokenRequest): void {
    this.cache.delete(cacheKey(req));
  }

  /** A token straight from the server, bypassing the cache. */
  async fetch(req: TokenRequest): Promise<Token> {
    const creds = req.credentials;
    if (creds?.identityToken) return this.refreshGrant(req, creds.identityToken);
    const url = new URL(req.realm);
    if (req.service) url.searchParams.set('service', req.service);
    for (const s of req.scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (creds?.username) {
      url.searchParams.set('account', creds.username);
      headers.Authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
    }
    if (req.offline) {
      url.searchParams.set('offline_token', 'true');
      url.searchParams.set('client_id', CLIENT_ID);
    }
    const res = await this.http.send({ method: 'GET', url, headers, insecure: req.insecure, signal: req.signal });
    return this.answer(res, `GET "${url.origin}${url.pathname}"`);
  }

  private async refreshGrant(req: TokenRequest, refreshToken: string): Promise<Token> {
    const url = new URL(req.realm);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID });
    if (req.service) form.set('service', req.service);
    if (req.scopes.length) form.set('scope', req.scopes.join(' '));
    if (req.offline) form.set('access_type', 'offline');
    const res = await this.http.send({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(form.toString()),
      insecure: req.insecure,
      signal: req.signal,
    });
    return this.answer(res, `POST "${url.origin}${url.pathname}"`);
  }

  private async answer(res: IncomingMessage, what: string): Promise<Token> {
    if (res.statusCode !== 200) throw await remoteErrorOf(res, what);
    const raw = await readBody(res, 1024 * 1024, 'refuse');
    let body: { token?: unknown; access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch (err) {
      throw unauthorized(`${what}: the authorization server's answer is not a token`, err);
    }
    const token = typeof body.access_token === 'string' && body.access_token ? body.access_token : body.token;
    if (typeof token !== 'string' || token === '') throw unauthorized(`${what}: the authorization server did not include a token in the response`);
    const ttl = typeof body.expires_in === 'number' && body.expires_in > MIN_TTL_S ? body.expires_in : MIN_TTL_S;
    const out: Token = { token, expires: Date.now() + ttl * 1000 - EXPIRY_MARGIN_MS };
    if (typeof body.refresh_token === 'string' && body.refresh_token) out.refreshToken = body.refresh_token;
    return out;
  }
}

/** Who is asking, without keeping the secret itself as a map key. */
function identity(creds: Credentials | undefined): string {
  if (!creds) return '';
  return createHash('sha256').update(JSON.stringify([creds.username ?? '', creds.password ?? '', creds.identityToken ?? ''])).digest('hex');
}

function cacheKey(req: TokenRequest): string {
  return JSON.stringify([req.realm, req.service ?? '', [...req.scopes].sort(), identity(req.credentials)]);
}
