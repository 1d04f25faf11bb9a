/** Typed calls for `/info`, `/version`, `/events` and `/system/df`. */
import type { ContainerSummary, Filters } from '../apitypes/containers.js';
import type { ImageSummary } from '../apitypes/images.js';
import type { InfoResponse, SystemResetResponse, VersionResponse } from '../apitypes/system.js';
import type { Volume } from '../apitypes/volumes.js';
import type { ApiClient, ApiResponse } from './client.js';
import { encodeFilters } from './filters.js';

export function systemInfo(c: ApiClient): Promise<InfoResponse> {
  return c.json('GET', '/info');
}

export function systemVersion(c: ApiClient): Promise<VersionResponse> {
  return c.json('GET', '/version');
}

/** `POST /wharf/system/reset` (Wharf's own): the daemon removes everything it made, answers, and exits. */
export function systemReset(c: ApiClient): Promise<SystemResetResponse> {
  return c.json('POST', '/wharf/system/reset');
}

export interface DiskUsage {
  LayersSize?: number;
  Images?: ImageSummary[] | null;
  Containers?: ContainerSummary[] | null;
  Volumes?: Volume[] | null;
  BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }> | null;
}

export function diskUsage(c: ApiClient): Promise<DiskUsage> {
  return c.json('GET', '/system/df');
}

/** `GET /events`: a JSON message stream; ends at `until`, else runs until closed. */
export function systemEvents(c: ApiClient, o: { since?: string; until?: string; filters?: Filters; signal?: AbortSignal }): Promise<ApiResponse> {
  return c.request('GET', '/events', { query: { since: o.since || undefined, until: o.until || undefined, filters: encodeFilters(o.filters) }, signal: o.signal });
}
