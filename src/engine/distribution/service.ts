/**
 * DistributionService: the API's registry operations (pull, push, login,
 * distribution inspect, search) over the registry client. Credentials come per
 * request, as Docker's CLI sends them (X-Registry-Auth, or the POST /auth body);
 * the daemon keeps none of its own. Pulls and pushes are logged as image events.
 */
import {
  type AuthConfig,
  decodeRegistryAuth,
  type DistributionClient,
  type DistributionInspect,
  fixedCredentials,
  type LoginResult,
  type SearchResult,
  toJsonMessage,
} from '../../distribution/client/index.js';
import type { DistributionService, ProgressMessage, RegistryCall } from '../types.js';
import { familiarName, familiarString, parseNormalizedNamed } from '../../oci/reference.js';
import type { EventBus } from '../events/bus.js';

export class DistributionServiceImpl implements DistributionService {
  constructor(
    private readonly client: DistributionClient,
    private readonly events: EventBus,
  ) {}

  async pull(ref: string, opts: RegistryCall & { platform?: string; allTags?: boolean }): Promise<void> {
    const pulled = await this.client.pull(ref, {
      credentials: fixedCredentials(decodeRegistryAuth(opts.registryAuth)),
      onProgress: opts.onProgress && ((e) => opts.onProgress?.(toJsonMessage(e) as ProgressMessage)),
      signal: opts.signal,
      platform: opts.platform,
      allTags: opts.allTags,
    });
    for (const p of pulled) this.logEvent('pull', p.reference);
  }

  async push(ref: string, opts: RegistryCall): Promise<void> {
    const pushed = await this.client.push(ref, {
      credentials: fixedCredentials(decodeRegistryAuth(opts.registryAuth)),
      onProgress: opts.onProgress && ((e) => opts.onProgress?.(toJsonMessage(e) as ProgressMessage)),
      signal: opts.signal,
    });
    const named = parseNormalizedNamed(ref);
    for (const t of pushed) this.logEvent('push', `${familiarName(named)}:${t.tag}`);
  }

  login(auth: AuthConfig, signal?: AbortSignal): Promise<LoginResult> {
    return this.client.login(auth, signal);
  }

  inspect(ref: string, opts: RegistryCall): Promise<DistributionInspect> {
    return this.client.remoteManifest(ref, { credentials: fixedCredentials(decodeRegistryAuth(opts.registryAuth)), signal: opts.signal });
  }

  search(term: string, opts: RegistryCall & { limit?: number }): Promise<SearchResult[]> {
    return this.client.search(term, { credentials: fixedCredentials(decodeRegistryAuth(opts.registryAuth)), limit: opts.limit, signal: opts.signal });
  }

  /** moby's LogImageEvent for pull and push: the actor is the familiar reference, `name` the familiar repository. */
  private logEvent(action: 'pull' | 'push', reference: string): void {
    const ref = parseNormalizedNamed(reference);
    this.events.publish('image', action, { ID: familiarString(ref), Attributes: { name: familiarName(ref) } });
  }
}
