/**
 * Wharf's own pod endpoints, beside Docker's (as `/wharf/system/reset` is):
 * `/wharf/pods/create`, `/json`, and per pod `json`, `top`, `start`, `stop`,
 * `restart`, `kill`, `pause`, `unpause` and `DELETE`. The pod's containers stay
 * ordinary containers on Docker's endpoints.
 */
import type { PodCreateRequest } from '../apitypes/pods.js';
import { notImplemented } from '../errdefs/index.js';
import type { PodService } from '../engine/index.js';
import { checkPodCreateBody } from './create-body.js';
import type { Exchange, Handler } from './exchange.js';
import { boolValue, optionalInt, parseFilters, readJson } from './request.js';
import { sendJson } from './response.js';
import { type Route, route } from './router.js';

function pods(ex: Exchange): PodService {
  if (!ex.services.pods) throw notImplemented('pods are not available in this daemon');
  return ex.services.pods;
}

const create: Handler = async (ex) => {
  const body = (await readJson<PodCreateRequest>(ex, { optional: true })) ?? {};
  checkPodCreateBody(body);
  sendJson(ex.res, 201, await pods(ex).create(body));
};

const list: Handler = async (ex) => sendJson(ex.res, 200, pods(ex).list(parseFilters(ex.query)));

const inspect: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).inspect(ex.params.name ?? ''));

const top: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).top(ex.params.name ?? '', ex.query.get('ps_args') || undefined));

const start: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).start(ex.params.name ?? ''));

const stop: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).stop(ex.params.name ?? '', { timeout: optionalInt(ex.query, 't') }));

const restart: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).restart(ex.params.name ?? '', { timeout: optionalInt(ex.query, 't') }));

const kill: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).kill(ex.params.name ?? '', ex.query.get('signal') || undefined));

const pause: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).pause(ex.params.name ?? ''));

const unpause: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).unpause(ex.params.name ?? ''));

const remove: Handler = async (ex) => sendJson(ex.res, 200, await pods(ex).remove(ex.params.name ?? '', { force: boolValue(ex.query, 'force') }));

export const podRoutes: Route[] = [
  route('POST', '/wharf/pods/create', create),
  route('GET', '/wharf/pods/json', list),
  route('GET', '/wharf/pods/{name}/json', inspect),
  route('GET', '/wharf/pods/{name}/top', top),
  route('POST', '/wharf/pods/{name}/start', start),
  route('POST', '/wharf/pods/{name}/stop', stop),
  route('POST', '/wharf/pods/{name}/restart', restart),
  route('POST', '/wharf/pods/{name}/kill', kill),
  route('POST', '/wharf/pods/{name}/pause', pause),
  route('POST', '/wharf/pods/{name}/unpause', unpause),
  route('DELETE', '/wharf/pods/{name}', remove),
];
