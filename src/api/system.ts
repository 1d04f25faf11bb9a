/** `/_ping`, `/version`, `/info`, `/events`, `/system/df`, and Wharf's `/wharf/system/reset`. */
import { notImplemented } from '../errdefs/index.js';
import type { Handler } from './exchange.js';
import { parseFilters, parseTimestamp } from './request.js';
import { forEachUntil, sendJson, startStream, writeChunk } from './response.js';
import { type Route, route } from './router.js';

const PING_HEADERS = {
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Pragma: 'no-cache',
  'Builder-Version': '1',
  Swarm: 'inactive',
};

const ping: Handler = async ({ req, res }) => {
  const head = req.method === 'HEAD';
  res.writeHead(200, { ...PING_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': head ? 0 : 2 });
  res.end(head ? undefined : 'OK');
};

const version: Handler = async ({ res, services }) => sendJson(res, 200, services.system.version());

const info: Handler = async ({ res, services }) => sendJson(res, 200, await services.system.info());

const df: Handler = async ({ res, services }) => sendJson(res, 200, await services.system.df());

/** JSON lines, one per event, written as they happen; ends at `until` or when the client goes. */
const events: Handler = async ({ res, query, signal, services }) => {
  const stream = services.system.events({
    since: parseTimestamp(query, 'since'),
    until: parseTimestamp(query, 'until'),
    filters: parseFilters(query),
    signal,
  });
  startStream(res, 'application/json');
  await forEachUntil(stream, signal, (ev) => writeChunk(res, JSON.stringify(ev) + '\n'));
  res.end();
};

/** Everything the daemon made goes; the daemon exits once this answer is out, so the next request finds no daemon. */
const reset: Handler = async ({ res, services }) => {
  const svc = services.reset;
  if (!svc) throw notImplemented('this daemon cannot reset');
  const summary = await svc.reset();
  res.once('close', () => svc.finish());
  sendJson(res, 200, summary);
};

export const systemRoutes: Route[] = [
  route('GET', '/_ping', ping),
  route('HEAD', '/_ping', ping),
  route('GET', '/version', version),
  route('GET', '/info', info),
  route('GET', '/events', events),
  route('GET', '/system/df', df),
  route('POST', '/wharf/system/reset', reset),
];
