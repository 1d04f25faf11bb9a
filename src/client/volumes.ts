/** Typed calls for `/volumes…`. */
import type { Filters } from '../apitypes/containers.js';
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from '../apitypes/volumes.js';
import type { ApiClient } from './client.js';
import { encodeFilters } from './filters.js';

const enc = encodeURIComponent;

export function createVolume(c: ApiClient, body: VolumeCreateRequest): Promise<Volume> {
  return c.json('POST', '/volumes/create', { body });
}

export function listVolumes(c: ApiClient, filters?: Filters): Promise<VolumeListResponse> {
  return c.json('GET', '/volumes', { query: { filters: encodeFilters(filters) } });
}

export function inspectVolume(c: ApiClient, name: string): Promise<Volume> {
  return c.json('GET', `/volumes/${enc(name)}`);
}

export async function removeVolume(c: ApiClient, name: string, force: boolean): Promise<void> {
  await c.call('DELETE', `/volumes/${enc(name)}`, { query: { force: force || undefined } });
}

export function pruneVolumes(c: ApiClient, filters?: Filters): Promise<VolumePruneResponse> {
  return c.json('POST', '/volumes/prune', { query: { filters: encodeFilters(filters) } });
}
