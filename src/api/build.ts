/**
 * `POST /build` (the classic builder's API: context tar in, JSON messages out)
 * and `POST /build/prune`. `rm`, `forcerm` and `pull` are accepted and
 * ignored: build containers never outlive their step, and images come from
 * the local store.
 */
import type { BuildOptions } from '../apitypes/build.js';
import { invalidArgument, notImplemented } from '../errdefs/index.js';
import type { Handler } from './exchange.js';
import { boolValue } from './request.js';
import { forEachUntil, sendJson, startStream, writeChunk } from './response.js';
import { type Route, route } from './router.js';

function jsonObject(query: URLSearchParams, key: string): Record<string, string> {
  const raw = query.get(key);
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`invalid ${key} value: ${raw}`, err);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidArgument(`invalid ${key} value: ${raw}`);
  // buildargs values may be null (`--build-arg NAME` with NAME unset in the client's environment): such args are left out.
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `cachefrom`: a JSON array of image references. */
function jsonStrings(query: URLSearchParams, key: string): string[] {
  const raw = query.get(key);
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`invalid ${key} value: ${raw}`, err);
  }
  if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === 'string')) throw invalidArgument(`invalid ${key} value: ${raw}`);
  return parsed;
}

function buildOptions(query: URLSearchParams): BuildOptions {
  // A network's name is looked up when a RUN needs it, as Docker's classic builder does.
  const networkMode = query.get('networkmode') || 'default';
  if (query.get('remote')) throw notImplemented('remote build contexts are not supported');
  return {
    tags: query.getAll('t').filter((t) => t !== ''),
    dockerfile: query.get('dockerfile') ?? '',
    buildArgs: jsonObject(query, 'buildargs'),
    labels: jsonObject(query, 'labels'),
    ...(query.get('target') ? { target: query.get('target') as string } : {}),
    noCache: boolValue(query, 'nocache'),
    quiet: boolValue(query, 'q'),
    networkMode: networkMode === 'bridge' ? 'default' : networkMode,
    extraHosts: query.getAll('extrahosts').filter((h) => h !== ''),
    cacheFrom: jsonStrings(query, 'cachefrom'),
  };
}

const build: Handler = async ({ res, query, body, signal, services }) => {
  if (!services.build) throw notImplemented('this daemon has no builder');
  // As Docker: a client that goes away cancels its build.
  const messages = services.build.build(buildOptions(query), body, signal);
  startStream(res, 'application/json');
  await forEachUntil(messages, signal, (m) => writeChunk(res, JSON.stringify(m) + '\r\n'));
  res.end();
};

const prune: Handler = async ({ res, services }) => {
  if (!services.build) throw notImplemented('this daemon has no builder');
  sendJson(res, 200, await services.build.prune());
};

export const buildRoutes: Route[] = [route('POST', '/build', build), route('POST', '/build/prune', prune)];
