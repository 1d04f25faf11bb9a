/** Container endpoints that answer with one JSON document or a status. */
import type { ContainerCreateRequest, ContainerInspect, ContainerUpdateRequest } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import { createContainer } from './containers-create.js';
import { checkUpdateBody } from './create-body.js';
import { wrapError } from './errors.js';
import type { Exchange, Handler } from './exchange.js';
import { boolValue, boolValueOrDefault, optionalInt, parseFilters, parseIntStrict, readJson } from './request.js';
import { sendEmpty, sendJson } from './response.js';
import { type Route, route } from './router.js';
import { versionAtLeast } from '../util/versions.js';

const list: Handler = async ({ res, query, services }) => {
  const opts = { all: boolValue(query, 'all'), size: boolValue(query, 'size'), limit: optionalInt(query, 'limit'), filters: parseFilters(query) };
  sendJson(res, 200, await services.containers.list(opts));
};

const BUILTIN_MODES = new Set(['default', 'bridge', 'host', 'none']);

/** Before API 1.45 a user network's Aliases also held the short id and the hostname (moby's router adds them back). */
function withLegacyAliases(c: ContainerInspect): void {
  const extra = [c.Id.slice(0, 12), c.Config.Hostname ?? ''];
  for (const [name, ep] of Object.entries(c.NetworkSettings.Networks)) {
    if (BUILTIN_MODES.has(name) || name.startsWith('container:')) continue;
    ep.Aliases = [...new Set([...(ep.Aliases ?? []), ...extra])];
  }
}

const inspect: Handler = async ({ res, query, params, services, version }) => {
  const c = await services.containers.inspect(params.name, { size: boolValue(query, 'size') });
  if (!versionAtLeast(version, '1.45')) withLegacyAliases(c);
  sendJson(res, 200, c);
};

const start: Handler = async (ex) => {
  // A non-empty JSON object is at least 7 bytes; smaller bodies are clients sending `{}` or nothing.
  const length = ex.req.headers['content-length'];
  if (ex.req.headers['transfer-encoding'] !== undefined || Number(length ?? 0) > 7) {
    throw invalidArgument('starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24');
  }
  await ex.services.containers.start(ex.params.name);
  sendEmpty(ex.res, 204);
};

/** `t` and `signal` of stop and restart; `signal` exists since 1.42. */
function stopOptions({ query, version }: Exchange): { signal?: string; timeout?: number } {
  const signal = versionAtLeast(version, '1.42') ? query.get('signal') || undefined : undefined;
  return { signal, timeout: optionalInt(query, 't') };
}

const stop: Handler = async (ex) => {
  await ex.services.containers.stop(ex.params.name, stopOptions(ex));
  sendEmpty(ex.res, 204);
};

const restart: Handler = async (ex) => {
  await ex.services.containers.restart(ex.params.name, stopOptions(ex));
  sendEmpty(ex.res, 204);
};

const kill: Handler = async ({ res, query, params, services }) => {
  try {
    await services.containers.kill(params.name, query.get('signal') || undefined);
  } catch (err) {
    throw wrapError(err, `cannot kill container: ${params.name}`);
  }
  sendEmpty(res, 204);
};

const pause: Handler = async ({ res, params, services }) => {
  await services.containers.pause(params.name);
  sendEmpty(res, 204);
};

const unpause: Handler = async ({ res, params, services }) => {
  await services.containers.unpause(params.name);
  sendEmpty(res, 204);
};

const top: Handler = async ({ res, query, params, services }) =>
  sendJson(res, 200, await services.containers.top(params.name, query.get('ps_args') || undefined));

const changes: Handler = async ({ res, params, services }) => sendJson(res, 200, await services.containers.changes(params.name));

const resize: Handler = async ({ res, query, params, services }) => {
  await services.containers.resize(params.name, parseIntStrict(query.get('h') ?? ''), parseIntStrict(query.get('w') ?? ''));
  sendEmpty(res, 200);
};

const rename: Handler = async ({ res, query, params, services }) => {
  await services.containers.rename(params.name, query.get('name') ?? '');
  sendEmpty(res, 204);
};

const update: Handler = async (ex) => {
  const decoded = await readJson<ContainerUpdateRequest>(ex, { optional: true });
  if (decoded) checkUpdateBody(decoded);
  const body: ContainerUpdateRequest = { ...decoded };
  if (!versionAtLeast(ex.version, '1.40')) delete body.PidsLimit;
  if (versionAtLeast(ex.version, '1.42')) delete body.KernelMemory;
  // On update, 0 and any negative value mean "unlimited".
  if (body.PidsLimit != null && body.PidsLimit <= 0) body.PidsLimit = 0;
  sendJson(ex.res, 200, await ex.services.containers.update(ex.params.name, body));
};

const remove: Handler = async ({ res, query, params, services }) => {
  await services.containers.remove(params.name, { force: boolValue(query, 'force'), volumes: boolValue(query, 'v'), link: boolValue(query, 'link') });
  sendEmpty(res, 204);
};

const prune: Handler = async ({ res, query, services }) => sendJson(res, 200, await services.containers.prune(parseFilters(query)));

/** `POST /commit`: the body, when there is one, is the config to apply to the new image. */
const commit: Handler = async (ex) => {
  const { query } = ex;
  const config = await readJson<ContainerCreateRequest>(ex, { optional: true });
  const result = await ex.services.containers.commit(query.get('container') ?? '', {
    repo: query.get('repo') || undefined,
    tag: query.get('tag') || undefined,
    comment: query.get('comment') || undefined,
    author: query.get('author') || undefined,
    pause: boolValueOrDefault(query, 'pause', true),
    changes: query.getAll('changes'),
    config,
  });
  sendJson(ex.res, 201, result);
};

export const containerRoutes: Route[] = [
  route('GET', '/containers/json', list),
  route('POST', '/containers/create', createContainer),
  route('POST', '/containers/prune', prune),
  route('GET', '/containers/{name}/json', inspect),
  route('GET', '/containers/{name}/top', top),
  route('GET', '/containers/{name}/changes', changes),
  route('POST', '/containers/{name}/start', start),
  route('POST', '/containers/{name}/stop', stop),
  route('POST', '/containers/{name}/restart', restart),
  route('POST', '/containers/{name}/kill', kill),
  route('POST', '/containers/{name}/pause', pause),
  route('POST', '/containers/{name}/unpause', unpause),
  route('POST', '/containers/{name}/resize', resize),
  route('POST', '/containers/{name}/rename', rename),
  route('POST', '/containers/{name}/update', update),
  route('DELETE', '/containers/{name}', remove),
  route('POST', '/commit', commit),
];
