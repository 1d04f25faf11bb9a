/** Typed calls for `/containers/…` and `/commit`. */
import type { Socket } from 'node:net';
import type {
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerPruneResponse,
  ContainerSummary,
  ContainerTopResponse,
  ContainerUpdateRequest,
  ContainerWaitResponse,
  Filters,
  FilesystemChange,
  PathStat,
  ContainerConfig,
} from '../apitypes/containers.js';
import { readAll, setOptions, type ApiClient, type ApiResponse } from './client.js';
import { encodeFilters } from './filters.js';

const enc = encodeURIComponent;

export interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: Filters;
}

export function listContainers(c: ApiClient, o: ListOptions = {}): Promise<ContainerSummary[]> {
  return c.json('GET', '/containers/json', {
    query: { all: o.all || undefined, limit: o.limit && o.limit > 0 ? o.limit : undefined, size: o.size || undefined, filters: encodeFilters(o.filters) },
  });
}

export function createContainer(c: ApiClient, body: ContainerCreateRequest, o: { name?: string; platform?: string } = {}): Promise<ContainerCreateResponse> {
  return c.json('POST', '/containers/create', { query: { name: o.name || undefined, platform: o.platform || undefined }, body });
}

export function inspectContainer(c: ApiClient, id: string, o: { size?: boolean } = {}): Promise<ContainerInspect> {
  return c.json('GET', `/containers/${enc(id)}/json`, { query: { size: o.size || undefined } });
}

export async function startContainer(c: ApiClient, id: string): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/start`);
}

export async function stopContainer(c: ApiClient, id: string, o: { signal?: string; timeout?: number } = {}): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/stop`, { query: { signal: o.signal || undefined, t: o.timeout } });
}

export async function restartContainer(c: ApiClient, id: string, o: { signal?: string; timeout?: number } = {}): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/restart`, { query: { signal: o.signal || undefined, t: o.timeout } });
}

export async function killContainer(c: ApiClient, id: string, signal?: string): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/kill`, { query: { signal: signal || undefined } });
}

export async function pauseContainer(c: ApiClient, id: string): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/pause`);
}

export async function unpauseContainer(c: ApiClient, id: string): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/unpause`);
}

export async function removeContainer(c: ApiClient, id: string, o: { force?: boolean; volumes?: boolean; link?: boolean } = {}): Promise<void> {
  await c.call('DELETE', `/containers/${enc(id)}`, { query: { force: o.force || undefined, v: o.volumes || undefined, link: o.link || undefined } });
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/**
 * Registers a wait: resolves once the daemon has sent the response headers
 * (from then on the exit cannot be missed); `result` resolves at the exit.
 */
export async function waitContainer(c: ApiClient, id: string, condition: WaitCondition = 'not-running'): Promise<{ result: Promise<ContainerWaitResponse> }> {
  const res = await c.request('POST', `/containers/${enc(id)}/wait`, { query: { condition } });
  return { result: readAll(res).then((b) => JSON.parse(b.toString('utf8')) as ContainerWaitResponse) };
}

export interface LogsOptions {
  follow?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  since?: string;
  until?: string;
  timestamps?: boolean;
  tail?: string;
  details?: boolean;
}

export function containerLogs(c: ApiClient, id: string, o: LogsOptions): Promise<ApiResponse> {
  return c.request('GET', `/containers/${enc(id)}/logs`, { query: setOptions(o) });
}

export interface AttachOptions {
  stream?: boolean;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  logs?: boolean;
  detachKeys?: string;
}

export function attachContainer(c: ApiClient, id: string, o: AttachOptions): Promise<Socket> {
  return c.hijack('POST', `/containers/${enc(id)}/attach`, { query: setOptions(o) });
}

export async function resizeContainer(c: ApiClient, id: string, height: number, width: number): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/resize`, { query: { h: height, w: width } });
}

export function topContainer(c: ApiClient, id: string, psArgs?: string): Promise<ContainerTopResponse> {
  return c.json('GET', `/containers/${enc(id)}/top`, { query: { ps_args: psArgs || undefined } });
}

export async function containerChanges(c: ApiClient, id: string): Promise<FilesystemChange[]> {
  return (await c.json<FilesystemChange[] | null>('GET', `/containers/${enc(id)}/changes`)) ?? [];
}

export async function renameContainer(c: ApiClient, id: string, name: string): Promise<void> {
  await c.call('POST', `/containers/${enc(id)}/rename`, { query: { name } });
}

export function updateContainer(c: ApiClient, id: string, body: ContainerUpdateRequest): Promise<{ Warnings: string[] | null }> {
  return c.json('POST', `/containers/${enc(id)}/update`, { body });
}

export function containerStats(c: ApiClient, id: string, o: { stream: boolean }): Promise<ApiResponse> {
  return c.request('GET', `/containers/${enc(id)}/stats`, { query: { stream: o.stream } });
}

export function exportContainer(c: ApiClient, id: string): Promise<ApiResponse> {
  return c.request('GET', `/containers/${enc(id)}/export`);
}

const STAT_HEADER = 'x-docker-container-path-stat';

function decodePathStat(value: string | string[] | undefined): PathStat | undefined {
  if (Array.isArray(value)) value = value[0];
  return value ? (JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as PathStat) : undefined;
}

/** `HEAD /containers/{id}/archive`: the stat of a path in the container. */
export async function statContainerPath(c: ApiClient, id: string, path: string): Promise<PathStat | undefined> {
  const res = await c.call('HEAD', `/containers/${enc(id)}/archive`, { query: { path } });
  return decodePathStat(res.header(STAT_HEADER));
}

/** `GET /containers/{id}/archive`: a tar of the path, and its stat. */
export async function getContainerArchive(c: ApiClient, id: string, path: string): Promise<{ tar: ApiResponse; stat: PathStat | undefined }> {
  const res = await c.request('GET', `/containers/${enc(id)}/archive`, { query: { path } });
  return { tar: res, stat: decodePathStat(res.headers[STAT_HEADER]) };
}

/** `PUT /containers/{id}/archive`: extract a tar into a directory of the container. */
export async function putContainerArchive(
  c: ApiClient,
  id: string,
  path: string,
  tar: NodeJS.ReadableStream,
  o: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = {},
): Promise<void> {
  await c.call('PUT', `/containers/${enc(id)}/archive`, {
    query: { path, noOverwriteDirNonDir: o.noOverwriteDirNonDir || undefined, copyUIDGID: o.copyUIDGID || undefined },
    body: tar,
    headers: { 'Content-Type': 'application/x-tar' },
  });
}

export function pruneContainers(c: ApiClient, filters?: Filters): Promise<ContainerPruneResponse> {
  return c.json('POST', '/containers/prune', { query: { filters: encodeFilters(filters) } });
}

export interface CommitOptions {
  container: string;
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  pause?: boolean;
  changes?: string[];
  config?: ContainerConfig;
}

export function commitContainer(c: ApiClient, o: CommitOptions): Promise<{ Id: string }> {
  return c.json('POST', '/commit', {
    query: {
      container: o.container,
      repo: o.repo || undefined,
      tag: o.tag || undefined,
      comment: o.comment || undefined,
      author: o.author || undefined,
      pause: o.pause,
      changes: o.changes && o.changes.length > 0 ? o.changes : undefined,
    },
    body: o.config ?? {},
  });
}
