/**
 * `docker search`: the registry's v1 search endpoint (`GET /v1/search?q=&n=`),
 * which Docker Hub and some private registries offer; the v2 protocol has none,
 * so a registry without it gets a clear error instead of an empty list.
 */
import { notImplemented } from '../../errdefs/index.js';
import { DEFAULT_DOMAIN } from '../../oci/reference.js';
import { readBody } from './http-transport.js';
import { isRemoteError } from './remote-error.js';
import type { RegistrySession } from './registry-session.js';
import type { Credentials, SearchResult } from './types.js';

const MAX_RESULTS_BYTES = 8 * 1024 * 1024;

/** moby's splitReposSearchTerm: `localhost:5000/app` searches `app` on localhost:5000, anything else Docker Hub. */
export function splitSearchTerm(term: string): { domain: string; query: string } {
  const slash = term.indexOf('/');
  const first = slash === -1 ? '' : term.slice(0, slash);
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) return { domain: first, query: term.slice(slash + 1) };
  return { domain: DEFAULT_DOMAIN, query: term };
}

export async function search(session: RegistrySession, query: string, o: { credentials?: Credentials; limit?: number; signal?: AbortSignal }): Promise<SearchResult[]> {
  const params = new URLSearchParams({ q: query, n: String(o.limit ?? 25) });
  let body: Buffer;
  try {
    const res = await session.request({ method: 'GET', target: `/v1/search?${params}`, scopes: [], credentials: o.credentials, ok: [200], signal: o.signal });
    body = await readBody(res, MAX_RESULTS_BYTES, 'refuse');
  } catch (err) {
    if (isRemoteError(err) && (err.status === 404 || err.status === 405)) {
      throw notImplemented(`registry ${session.endpoint.domain} does not support search (it serves no /v1/search)`);
    }
    throw err;
  }
  const parsed = JSON.parse(body.toString('utf8')) as { results?: Array<Partial<SearchResult>> };
  return (parsed.results ?? []).map((r) => ({
    name: String(r.name ?? ''),
    description: String(r.description ?? ''),
    star_count: Number(r.star_count ?? 0),
    is_official: Boolean(r.is_official),
    is_automated: Boolean(r.is_automated),
  }));
}
