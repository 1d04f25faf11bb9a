/** Typed calls for Wharf's own `/wharf/pods/…`. */
import type { ContainerTopResponse, Filters } from '../apitypes/containers.js';
import type { PodActionResponse, PodCreateRequest, PodCreateResponse, PodInspect, PodSummary } from '../apitypes/pods.js';
import type { ApiClient } from './client.js';
import { encodeFilters } from './filters.js';

const enc = encodeURIComponent;

export type PodAction = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause';

export function createPod(c: ApiClient, body: PodCreateRequest): Promise<PodCreateResponse> {
  return c.json('POST', '/wharf/pods/create', { body });
}

export function listPods(c: ApiClient, filters?: Filters): Promise<PodSummary[]> {
  return c.json('GET', '/wharf/pods/json', { query: { filters: encodeFilters(filters) } });
}

export function inspectPod(c: ApiClient, ref: string): Promise<PodInspect> {
  return c.json('GET', `/wharf/pods/${enc(ref)}/json`);
}

export function topPod(c: ApiClient, ref: string, psArgs?: string): Promise<ContainerTopResponse> {
  return c.json('GET', `/wharf/pods/${enc(ref)}/top`, { query: { ps_args: psArgs || undefined } });
}

/** `t` applies to stop and restart, `signal` to kill. */
export function podAction(c: ApiClient, ref: string, action: PodAction, opts: { t?: number; signal?: string } = {}): Promise<PodActionResponse> {
  return c.json('POST', `/wharf/pods/${enc(ref)}/${action}`, { query: { t: opts.t, signal: opts.signal || undefined } });
}

export function removePod(c: ApiClient, ref: string, force: boolean): Promise<PodActionResponse> {
  return c.json('DELETE', `/wharf/pods/${enc(ref)}`, { query: { force: force || undefined } });
}
