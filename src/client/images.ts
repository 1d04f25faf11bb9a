/** Typed calls for `/images/…`. */
import type { Filters } from '../apitypes/containers.js';
import type { HistoryResponseItem, ImageDeleteResponseItem, ImageInspect, ImagePruneResponse, ImageSummary } from '../apitypes/images.js';
import type { ApiClient, ApiResponse } from './client.js';
import { encodeFilters } from './filters.js';

const enc = encodeURIComponent;

export function listImages(c: ApiClient, o: { all?: boolean; filters?: Filters; digests?: boolean } = {}): Promise<ImageSummary[]> {
  return c.json('GET', '/images/json', { query: { all: o.all || undefined, filters: encodeFilters(o.filters), digests: o.digests || undefined } });
}

export function inspectImage(c: ApiClient, name: string): Promise<ImageInspect> {
  return c.json('GET', `/images/${enc(name)}/json`);
}

export function imageHistory(c: ApiClient, name: string): Promise<HistoryResponseItem[]> {
  return c.json('GET', `/images/${enc(name)}/history`);
}

export async function tagImage(c: ApiClient, source: string, repo: string, tag?: string): Promise<void> {
  await c.call('POST', `/images/${enc(source)}/tag`, { query: { repo, tag: tag || undefined } });
}

export function removeImage(c: ApiClient, name: string, o: { force?: boolean; noPrune?: boolean } = {}): Promise<ImageDeleteResponseItem[]> {
  return c.json('DELETE', `/images/${enc(name)}`, { query: { force: o.force || undefined, noprune: o.noPrune || undefined } });
}

export function pruneImages(c: ApiClient, filters?: Filters): Promise<ImagePruneResponse> {
  return c.json('POST', '/images/prune', { query: { filters: encodeFilters(filters) } });
}

/** `GET /images/get`: a docker-save tar of the images. */
export function saveImages(c: ApiClient, names: readonly string[]): Promise<ApiResponse> {
  return c.request('GET', '/images/get', { query: { names } });
}

/** `POST /images/load`: the response is a JSON message stream. */
export function loadImages(c: ApiClient, tar: NodeJS.ReadableStream, quiet: boolean): Promise<ApiResponse> {
  return c.request('POST', '/images/load', { query: { quiet }, body: tar, headers: { 'Content-Type': 'application/x-tar' } });
}

export interface ImportOptions {
  repo?: string;
  tag?: string;
  message?: string;
  changes?: readonly string[];
  platform?: string;
}

/** `POST /images/create?fromSrc=-`: a rootfs tar becomes an image; the response is a JSON message stream. */
export function importImage(c: ApiClient, tar: NodeJS.ReadableStream, o: ImportOptions): Promise<ApiResponse> {
  return c.request('POST', '/images/create', {
    query: {
      fromSrc: '-',
      repo: o.repo || undefined,
      tag: o.tag || undefined,
      message: o.message || undefined,
      changes: o.changes && o.changes.length > 0 ? o.changes : undefined,
      platform: o.platform || undefined,
    },
    body: tar,
    headers: { 'Content-Type': 'application/x-tar' },
  });
}
