/** `/volumes`: list, create, inspect, remove, prune. */
import type { VolumeCreateRequest } from '../apitypes/volumes.js';
import { notImplemented } from '../errdefs/index.js';
import type { VolumeService } from '../engine/index.js';
import type { Exchange, Handler } from './exchange.js';
import { boolValue, parseFilters, readJson } from './request.js';
import { sendEmpty, sendJson } from './response.js';
import { type Route, route } from './router.js';
import { versionAtLeast } from '../util/versions.js';

function volumes(ex: Exchange): VolumeService {
  if (!ex.services.volumes) throw notImplemented('volumes are not available in this daemon');
  return ex.services.volumes;
}

const list: Handler = async (ex) => sendJson(ex.res, 200, await volumes(ex).list(parseFilters(ex.query)));

const create: Handler = async (ex) => {
  const body = (await readJson<VolumeCreateRequest>(ex, { optional: true })) ?? {};
  sendJson(ex.res, 201, await volumes(ex).create(body));
};

const inspect: Handler = async (ex) => sendJson(ex.res, 200, await volumes(ex).inspect(ex.params.name ?? ''));

const remove: Handler = async (ex) => {
  await volumes(ex).remove(ex.params.name ?? '', { force: boolValue(ex.query, 'force') });
  sendEmpty(ex.res, 204);
};

/** Since API 1.42 prune leaves named volumes alone unless the `all` filter says otherwise. */
const prune: Handler = async (ex) =>
  sendJson(ex.res, 200, await volumes(ex).prune(parseFilters(ex.query), { anonymousOnly: versionAtLeast(ex.version, '1.42') }));

export const volumeRoutes: Route[] = [
  route('GET', '/volumes', list),
  route('POST', '/volumes/create', create),
  route('POST', '/volumes/prune', prune),
  route('GET', '/volumes/{name}', inspect),
  route('DELETE', '/volumes/{name}', remove),
];
