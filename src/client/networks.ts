/** Typed calls for `/networks/…`. */
import type { EndpointSettings, Filters } from '../apitypes/containers.js';
import type { NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from '../apitypes/networks.js';
import type { ApiClient } from './client.js';
import { encodeFilters } from './filters.js';

const enc = encodeURIComponent;

export function listNetworks(c: ApiClient, filters?: Filters): Promise<NetworkResource[]> {
  return c.json('GET', '/networks', { query: { filters: encodeFilters(filters) } });
}

export function inspectNetwork(c: ApiClient, ref: string): Promise<NetworkResource> {
  return c.json('GET', `/networks/${enc(ref)}`);
}

export function createNetwork(c: ApiClient, body: NetworkCreateRequest): Promise<NetworkCreateResponse> {
  return c.json('POST', '/networks/create', { body });
}

export async function removeNetwork(c: ApiClient, ref: string): Promise<void> {
  await c.call('DELETE', `/networks/${enc(ref)}`);
}

export function pruneNetworks(c: ApiClient, filters?: Filters): Promise<NetworkPruneResponse> {
  return c.json('POST', '/networks/prune', { query: { filters: encodeFilters(filters) } });
}

export async function connectNetwork(c: ApiClient, ref: string, container: string, endpoint?: EndpointSettings): Promise<void> {
  await c.call('POST', `/networks/${enc(ref)}/connect`, { body: { Container: container, EndpointConfig: endpoint ?? null } });
}

export async function disconnectNetwork(c: ApiClient, ref: string, container: string, force: boolean): Promise<void> {
  await c.call('POST', `/networks/${enc(ref)}/disconnect`, { body: { Container: container, Force: force } });
}
