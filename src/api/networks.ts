/** `/networks/…`: list, inspect, create, connect, disconnect, remove, prune (moby's network router). */
import type { NetworkConnectRequest, NetworkCreateRequest, NetworkDisconnectRequest } from '../apitypes/networks.js';
import type { NetworkApiService } from '../engine/index.js';
import { invalidArgument, notImplemented } from '../errdefs/index.js';
import type { Exchange, Handler } from './exchange.js';
import { parseFilters, readJson } from './request.js';
import { sendEmpty, sendJson } from './response.js';
import { type Route, route } from './router.js';

function networks(ex: Exchange): NetworkApiService {
  if (!ex.services.networks) throw notImplemented('networking is not enabled on this daemon');
  return ex.services.networks;
}

const list: Handler = async (ex) => sendJson(ex.res, 200, networks(ex).list(parseFilters(ex.query)));

const inspect: Handler = async (ex) => sendJson(ex.res, 200, networks(ex).inspect(ex.params.id ?? ''));

const create: Handler = async (ex) => {
  const body = await readJson<NetworkCreateRequest>(ex, { optional: false });
  if (!body || typeof body.Name !== 'string') throw invalidArgument('network name cannot be empty');
  sendJson(ex.res, 201, await networks(ex).create(body));
};

const connect: Handler = async (ex) => {
  const body = await readJson<NetworkConnectRequest>(ex, { optional: false });
  if (!body?.Container) throw invalidArgument('container is required');
  await networks(ex).connect(ex.params.id ?? '', body.Container, body.EndpointConfig);
  sendEmpty(ex.res, 200);
};

const disconnect: Handler = async (ex) => {
  const body = await readJson<NetworkDisconnectRequest>(ex, { optional: false });
  if (!body?.Container) throw invalidArgument('container is required');
  await networks(ex).disconnect(ex.params.id ?? '', body.Container, body.Force ?? false);
  sendEmpty(ex.res, 200);
};

const remove: Handler = async (ex) => {
  await networks(ex).remove(ex.params.id ?? '');
  sendEmpty(ex.res, 204);
};

const prune: Handler = async (ex) => sendJson(ex.res, 200, await networks(ex).prune(parseFilters(ex.query)));

export const networkRoutes: Route[] = [
  route('GET', '/networks', list),
  route('GET', '/networks/{id}', inspect),
  route('POST', '/networks/create', create),
  route('POST', '/networks/prune', prune),
  route('POST', '/networks/{id}/connect', connect),
  route('POST', '/networks/{id}/disconnect', disconnect),
  route('DELETE', '/networks/{id}', remove),
];
