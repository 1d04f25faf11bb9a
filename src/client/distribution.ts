/** Typed calls for the registry endpoints: pull, push, `/auth`, `/distribution`, search. */
import type { AuthConfig, DistributionInspect, LoginResult, SearchResult } from '../apitypes/registry.js';
import type { ApiClient, ApiResponse } from './client.js';

const enc = encodeURIComponent;

/** The X-Registry-Auth header as Docker's CLI writes it: base64url of the AuthConfig JSON. */
export function encodeRegistryAuth(auth: AuthConfig | undefined): Record<string, string> {
  return { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth ?? {})).toString('base64url') };
}

/** `POST /images/create?fromImage=`: no tag pulls every tag, as in Docker. The response is a JSON message stream. */
export function pullImage(c: ApiClient, image: string, o: { tag?: string; platform?: string; auth?: AuthConfig } = {}): Promise<ApiResponse> {
  return c.request('POST', '/images/create', {
    query: { fromImage: image, tag: o.tag || undefined, platform: o.platform || undefined },
    headers: encodeRegistryAuth(o.auth),
  });
}

/** `POST /images/{name}/push`: without a tag every local tag of the repository goes. */
export function pushImage(c: ApiClient, name: string, o: { tag?: string; auth?: AuthConfig } = {}): Promise<ApiResponse> {
  return c.request('POST', `/images/${enc(name)}/push`, { query: { tag: o.tag || undefined }, headers: encodeRegistryAuth(o.auth) });
}

export function login(c: ApiClient, auth: AuthConfig): Promise<LoginResult> {
  return c.json('POST', '/auth', { body: auth });
}

export function distributionInspect(c: ApiClient, name: string, auth?: AuthConfig): Promise<DistributionInspect> {
  return c.json('GET', `/distribution/${enc(name)}/json`, { headers: encodeRegistryAuth(auth) });
}

export function searchImages(c: ApiClient, term: string, o: { limit?: number; auth?: AuthConfig } = {}): Promise<SearchResult[]> {
  return c.json('GET', '/images/search', { query: { term, limit: o.limit }, headers: encodeRegistryAuth(o.auth) });
}
