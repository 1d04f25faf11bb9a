/** `POST /build` and `POST /build/prune`. */
import type { BuildPruneResponse } from '../apitypes/build.js';
import type { ApiClient, ApiResponse } from './client.js';

export interface BuildQuery {
  tags: readonly string[];
  dockerfile: string;
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  quiet: boolean;
  networkMode?: string;
  /** `name:ip` entries for RUN's /etc/hosts. */
  extraHosts?: readonly string[];
  /** Images whose chains are the only cache sources. */
  cacheFrom?: readonly string[];
}

/** The context goes up as a tar stream; the answer is a JSON message stream. */
export function buildImage(c: ApiClient, context: NodeJS.ReadableStream, q: BuildQuery): Promise<ApiResponse> {
  return c.request('POST', '/build', {
    query: {
      t: [...q.tags],
      dockerfile: q.dockerfile,
      buildargs: JSON.stringify(q.buildArgs),
      labels: JSON.stringify(q.labels),
      target: q.target || undefined,
      nocache: q.noCache || undefined,
      q: q.quiet || undefined,
      networkmode: q.networkMode || undefined,
      extrahosts: [...(q.extraHosts ?? [])],
      cachefrom: q.cacheFrom?.length ? JSON.stringify(q.cacheFrom) : undefined,
    },
    body: context,
    headers: { 'Content-Type': 'application/x-tar' },
  });
}

export function pruneBuildCache(c: ApiClient, all: boolean): Promise<BuildPruneResponse> {
  return c.json('POST', '/build/prune', { query: { all: all || undefined } });
}
