/**
 * The URL space of the distribution API and the access each endpoint needs.
 * Names contain slashes, so routes anchor on the trailing keyword
 * (`/manifests/<ref>`, `/blobs/<digest>`…) and the name is whatever precedes it.
 */
import { registryError } from './errors.js';
import type { Access } from './auth/access.js';

export type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'token' }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'uploads'; name: string }
  | { kind: 'upload'; name: string; uuid: string }
  | { kind: 'tags'; name: string }
  | { kind: 'referrers'; name: string; digest: string };

const PATTERNS: Array<[RegExp, (p: string[]) => Route]> = [
  [/^\/v2\/?$/, () => ({ kind: 'base' })],
  [/^\/v2\/_catalog$/, () => ({ kind: 'catalog' })],
  [/^\/token$/, () => ({ kind: 'token' })],
  [/^\/v2\/(.+)\/tags\/list$/, ([name]) => ({ kind: 'tags', name: name as string })],
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, ([name, reference]) => ({ kind: 'manifest', name: name as string, reference: reference as string })],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, ([name]) => ({ kind: 'uploads', name: name as string })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, ([name, uuid]) => ({ kind: 'upload', name: name as string, uuid: uuid as string })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, ([name, digest]) => ({ kind: 'blob', name: name as string, digest: digest as string })],
  [/^\/v2\/(.+)\/referrers\/([^/]+)$/, ([name, digest]) => ({ kind: 'referrers', name: name as string, digest: digest as string })],
];

/** Matching happens on the raw path and only the captured parts are decoded, so an escaped `/` never moves a boundary. */
export function matchRoute(pathname: string): Route | undefined {
  for (const [re, build] of PATTERNS) {
    const m = pathname.match(re);
    if (!m) continue;
    try {
      return build(m.slice(1).map((part) => decodeURIComponent(part)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function routeName(route: Route): string | undefined {
  return 'name' in route ? route.name : undefined;
}

const PULL = ['pull'];
const PUSH = ['pull', 'push'];
const DELETE = ['delete'];

/** Method → actions on the route's repository; a method missing here is 405 UNSUPPORTED. */
const METHODS: Record<Route['kind'], Record<string, string[]>> = {
  base: { GET: [] },
  catalog: { GET: [] },
  token: { GET: [] },
  manifest: { GET: PULL, PUT: PUSH, DELETE },
  blob: { GET: PULL, DELETE },
  uploads: { POST: PUSH },
  upload: { GET: PUSH, PATCH: PUSH, PUT: PUSH, DELETE: PUSH },
  tags: { GET: PULL },
  referrers: { GET: PULL },
};

/** What the request needs granted; HEAD needs what GET needs. */
export function neededAccess(route: Route, method: string): Access[] {
  const actions = METHODS[route.kind][method === 'HEAD' ? 'GET' : method];
  if (actions === undefined) throw registryError('UNSUPPORTED', { message: `${method} is not supported on this endpoint` });
  if (route.kind === 'catalog') return [{ type: 'registry', name: 'catalog', actions: ['*'] }];
  const name = routeName(route);
  return name !== undefined && actions.length > 0 ? [{ type: 'repository', name, actions }] : [];
}

export function blobLocation(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

export function manifestLocation(name: string, digest: string): string {
  return `/v2/${name}/manifests/${digest}`;
}

export function uploadLocation(name: string, uuid: string): string {
  return `/v2/${name}/blobs/uploads/${uuid}`;
}
