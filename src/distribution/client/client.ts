/**
 * The registry client the engine holds: one per daemon, sharing keep-alive
 * connections, what each registry's ping taught (scheme, auth challenge) and
 * bearer tokens across operations.
 */
import type { ContentStore } from '../../content/index.js';
import { invalidArgument } from '../../errdefs/index.js';
import { hostPlatform, type ImageStore } from '../../images/index.js';
import type { Reference } from '../../oci/reference.js';
import { VERSION } from '../../util/version.js';
import { credentialsOf } from './auth-config.js';
import type { ClientContext } from './context.js';
import { domainOfServerAddress, InsecureRegistries, resolveEndpoint } from './endpoint.js';
import { HttpClient } from './http-transport.js';
import { pull } from './pull.js';
import { push } from './push.js';
import { RegistrySession } from './registry-session.js';
import { remoteManifest } from './remote-manifest.js';
import { RemoteRepository } from './repository.js';
import { search, splitSearchTerm } from './search.js';
import { TokenSource } from './token-source.js';
import type { AuthConfig, ClientOptions, CredentialsFn, DistributionInspect, LoginResult, PulledImage, PullOptions, PushedTag, PushOptions, SearchResult } from './types.js';

export class DistributionClient {
  private readonly http: HttpClient;
  private readonly tokens: TokenSource;
  private readonly insecure: InsecureRegistries;
  private readonly sessions = new Map<string, RegistrySession>();
  private readonly ctx: ClientContext;

  constructor(
    stores: { content: ContentStore; images: ImageStore },
    private readonly opts: ClientOptions = {},
  ) {
    this.http = new HttpClient(opts.userAgent ?? `wharf/${VERSION}`);
    this.tokens = new TokenSource(this.http);
    this.insecure = new InsecureRegistries(opts.insecureRegistries);
    this.ctx = { ...stores, platform: opts.platform ?? hostPlatform(), open: (ref, actions, credentials) => this.open(ref, actions, credentials) };
  }

  /** `POST /images/create?fromImage=`: progress goes to `opts.onProgress`. */
  pull(ref: string, opts?: PullOptions): Promise<PulledImage[]> {
    return pull(this.ctx, ref, opts);
  }

  /** `POST /images/{name}/push`: a tagged reference pushes that tag, an untagged one every local tag of the repository. */
  push(ref: string, opts?: PushOptions): Promise<PushedTag[]> {
    return push(this.ctx, ref, opts);
  }

  /** `GET /distribution/{name}/json`. */
  remoteManifest(ref: string, opts?: { credentials?: CredentialsFn; signal?: AbortSignal }): Promise<DistributionInspect> {
    return remoteManifest(this.ctx, ref, opts);
  }

  /** `POST /auth`: the credentials must be accepted by the registry at `auth.serveraddress` (Docker Hub when empty). */
  async login(auth: AuthConfig, signal?: AbortSignal): Promise<LoginResult> {
    const creds = credentialsOf(auth);
    if (!creds?.username && !creds?.identityToken) throw invalidArgument('username is required to log in');
    const identityToken = await this.session(domainOfServerAddress(auth.serveraddress ?? '')).login(creds, signal);
    return { Status: 'Login Succeeded', IdentityToken: identityToken ?? '' };
  }

  /** `GET /images/search`: `term` may name the registry (`localhost:5000/app`). */
  async search(term: string, opts: { credentials?: CredentialsFn; limit?: number; signal?: AbortSignal } = {}): Promise<SearchResult[]> {
    const { domain, query } = splitSearchTerm(term);
    const creds = (await opts.credentials?.(domain)) ?? (await this.opts.credentials?.(domain));
    return search(this.session(domain), query, { credentials: creds, limit: opts.limit, signal: opts.signal });
  }

  /** Drop idle connections (daemon shutdown). */
  close(): void {
    this.http.close();
  }

  private session(domain: string): RegistrySession {
    let s = this.sessions.get(domain);
    if (!s) {
      s = new RegistrySession(resolveEndpoint(domain, this.insecure), this.http, this.tokens);
      this.sessions.set(domain, s);
    }
    return s;
  }

  private async open(ref: Reference, actions: 'pull' | 'pull,push', credentials: CredentialsFn | undefined): Promise<RemoteRepository> {
    // A request without credentials (an empty X-Registry-Auth) falls back to the client's own.
    const creds = (await credentials?.(ref.domain)) ?? (await this.opts.credentials?.(ref.domain));
    return new RemoteRepository(this.session(ref.domain), ref.path, creds, actions);
  }
}
