/**
 * Talking to one registry: a ping (`GET /v2/`) picks the scheme and learns the
 * auth challenge once; each request then carries basic credentials or a bearer
 * token for its scopes, follows redirects for reads (without credentials once it
 * leaves the registry, as blob CDNs must not see them), and answers a 401 by
 * taking the new challenge and retrying once.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { internal, unauthorized, unavailable } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import { parseChallenges, preferredChallenge, type Challenge } from './challenge.js';
import type { RegistryEndpoint } from './endpoint.js';
import { discard, type HttpClient, type RequestBody } from './http-transport.js';
import { remoteErrorOf } from './remote-error.js';
import type { TokenRequest, TokenSource } from './token-source.js';
import type { Credentials } from './types.js';

const log = logger('distribution');
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface SessionRequest {
  method: string;
  /** A `/v2/…` path (with query), or an absolute URL the registry handed out (an upload's Location). */
  target: string | URL;
  /** Token scopes the request needs (`repository:library/busybox:pull`). */
  scopes: string[];
  credentials?: Credentials;
  headers?: OutgoingHttpHeaders;
  body?: RequestBody;
  /** Statuses that count as success; any other becomes a RemoteError. */
  ok: readonly number[];
  signal?: AbortSignal;
}

export class RegistrySession {
  private base: Promise<URL> | undefined;
  private challenge: Challenge | undefined;

  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly http: HttpClient,
    private readonly tokens: TokenSource,
  ) {}

  /** `https://registry-1.docker.io`: where this registry answered the ping. */
  baseUrl(): Promise<URL> {
    this.base ??= this.ping().catch((err: unknown) => {
      this.base = undefined;
      throw err;
    });
    return this.base;
  }

  private async ping(): Promise<URL> {
    let last: unknown;
    for (const scheme of this.endpoint.schemes) {
      const url = new URL(`${scheme}://${this.endpoint.host}/v2/`);
      let res: IncomingMessage;
      try {
        res = await this.http.send({ method: 'GET', url, insecure: this.endpoint.insecure });
      } catch (err) {
        log.debug('registry ping failed', { url: url.href, error: err instanceof Error ? err.message : String(err) });
        last = err;
        continue;
      }
      discard(res);
      if (res.statusCode === 401) this.challenge = preferredChallenge(parseChallenges(res.headers['www-authenticate']));
      return new URL(url.origin);
    }
    const url = `${this.endpoint.schemes.at(-1)}://${this.endpoint.host}/v2/`;
    throw unavailable(`Get "${url}": ${last instanceof Error ? last.message : String(last)}`, last);
  }

  async request(r: SessionRequest): Promise<IncomingMessage> {
    const base = await this.baseUrl();
    const url = new URL(r.target, base);
    let scopes = r.scopes;
    let auth = await this.authorization(scopes, r.credentials, r.signal);
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(r, url, base, auth);
      const status = res.statusCode ?? 0;
      if (status === 401 && attempt === 0) {
        const challenge = preferredChallenge(parseChallenges(res.headers['www-authenticate']));
        if (challenge) {
          discard(res);
          if (this.challenge?.scheme === 'bearer' && this.challenge.params.realm) this.tokens.invalidate(this.tokenRequest(this.challenge, scopes, r.credentials));
          this.challenge = challenge;
          // A token lacking a scope is answered with the scope it needs (insufficient_scope): ask for both.
          scopes = [...new Set([...scopes, ...(challenge.params.scope?.split(' ').filter(Boolean) ?? [])])];
          auth = await this.authorization(scopes, r.credentials, r.signal);
          continue;
        }
      }
      if (r.ok.includes(status)) return res;
      throw await remoteErrorOf(res, `${r.method} "${url.href}"`);
    }
  }

  /** One request, following redirects for reads; credentials stay with the registry's origin. */
  private async send(r: SessionRequest, start: URL, base: URL, auth: string | undefined): Promise<IncomingMessage> {
    let url = start;
    for (let hops = 0; ; hops++) {
      const headers: OutgoingHttpHeaders = { ...r.headers };
      if (auth !== undefined && url.origin === base.origin) headers.Authorization = auth;
      const res = await this.http.send({ method: r.method, url, headers, body: r.body, insecure: this.endpoint.insecure, signal: r.signal });
      const location = res.headers.location;
      const status = res.statusCode ?? 0;
      log.debug('registry request', { method: r.method, url: `${url.origin}${url.pathname}`, status });
      if (!REDIRECTS.has(status) || location === undefined || (r.method !== 'GET' && r.method !== 'HEAD') || hops >= MAX_REDIRECTS) return res;
      discard(res);
      url = new URL(location, url);
    }
  }

  /**
   * Docker's login check: with a bearer challenge the token server must accept the
   * credentials, then `GET /v2/` must answer 200. Returns the refresh token the
   * token server issued, if any (the CLI stores it as an identity token).
   */
  async login(creds: Credentials, signal?: AbortSignal): Promise<string | undefined> {
    await this.baseUrl();
    let refreshToken: string | undefined;
    const challenge = this.challenge;
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      refreshToken = (await this.tokens.fetch({ ...this.tokenRequest(challenge, [], creds), offline: true, signal })).refreshToken;
    }
    discard(await this.request({ method: 'GET', target: '/v2/', scopes: [], credentials: creds, ok: [200], signal }));
    return refreshToken;
  }

  private async authorization(scopes: string[], creds: Credentials | undefined, signal: AbortSignal | undefined): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      // Not an `unauthorized` kind: moby answers this with a 500, and a 401 would make the docker CLI prompt for a login.
      if (!creds?.username) throw internal('no basic auth credentials');
      return `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
    }
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    if (!challenge.params.realm) throw unauthorized(`the bearer challenge of ${this.endpoint.host} names no realm`);
    return `Bearer ${await this.tokens.token({ ...this.tokenRequest(challenge, scopes, creds), signal })}`;
  }

  private tokenRequest(challenge: Challenge, scopes: string[], credentials: Credentials | undefined): TokenRequest {
    return { realm: challenge.params.realm as string, service: challenge.params.service, scopes, credentials, insecure: this.endpoint.insecure };
  }
}
