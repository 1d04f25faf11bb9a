/**
 * Image endpoints. Names in paths may contain slashes and colons
 * (`/images/localhost:5000/a/b:tag/json`); fixed routes come first, as in moby.
 */
import { invalidArgument } from '../errdefs/index.js';
import { publicMessage } from './errors.js';
import type { Handler } from './exchange.js';
import { createImage } from './images-create.js';
import { boolValue, parseFilters } from './request.js';
import { jsonMessageError, sendEmpty, sendJson, sendJsonMessages, sendStream } from './response.js';
import { type Route, route } from './router.js';

const list: Handler = async ({ res, query, services }) =>
  sendJson(res, 200, await services.images.list({ all: boolValue(query, 'all'), digests: boolValue(query, 'digests'), filters: parseFilters(query) }));

const inspect: Handler = async ({ res, params, services }) => sendJson(res, 200, await services.images.inspect(params.name));

const history: Handler = async ({ res, params, services }) => sendJson(res, 200, await services.images.history(params.name));

const tag: Handler = async ({ res, query, params, services }) => {
  await services.images.tag(params.name, query.get('repo') ?? '', query.get('tag') || undefined);
  sendEmpty(res, 201);
};

const remove: Handler = async ({ res, query, params, services }) => {
  if (params.name.trim() === '') throw invalidArgument('image name cannot be blank');
  sendJson(res, 200, await services.images.remove(params.name, { force: boolValue(query, 'force'), noprune: boolValue(query, 'noprune') }));
};

const prune: Handler = async ({ res, query, services }) => sendJson(res, 200, await services.images.prune(parseFilters(query)));

const saveOne: Handler = async ({ res, params, services }) => sendStream(res, 'application/x-tar', await services.images.save([params.name]));

const saveMany: Handler = async ({ res, query, services }) => sendStream(res, 'application/x-tar', await services.images.save(query.getAll('names')));

/** As in moby, a failed load is reported inside the 200 progress stream; a client that leaves cancels it. */
const load: Handler = async ({ res, body, signal, services }) => {
  let messages: object[];
  try {
    messages = (await services.images.load(body, signal)).map((line) => ({ stream: line + '\n' }));
  } catch (err) {
    messages = [jsonMessageError(publicMessage(err))];
  }
  sendJsonMessages(res, messages);
};

export const imageRoutes: Route[] = [
  route('GET', '/images/json', list),
  route('GET', '/images/get', saveMany),
  route('GET', '/images/{name}/get', saveOne),
  route('GET', '/images/{name}/history', history),
  route('GET', '/images/{name}/json', inspect),
  route('POST', '/images/load', load),
  route('POST', '/images/create', createImage),
  route('POST', '/images/prune', prune),
  route('POST', '/images/{name}/tag', tag),
  route('DELETE', '/images/{name}', remove),
];
