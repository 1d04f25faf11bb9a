/**
 * `/containers/{name}/archive`: HEAD stats a path, GET copies it out as a tar,
 * PUT extracts a tar into it. The stat travels base64-encoded JSON in
 * `X-Docker-Container-Path-Stat`.
 */
import type { PathStat } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import type { Handler } from './exchange.js';
import { boolValue } from './request.js';
import { sendEmpty, sendStream } from './response.js';
import { type Route, route } from './router.js';

const PATH_STAT_HEADER = 'X-Docker-Container-Path-Stat';

function archivePath(query: URLSearchParams): string {
  const path = query.get('path') ?? '';
  if (path === '') throw invalidArgument('bad parameter: path cannot be empty');
  return path;
}

const encodePathStat = (stat: PathStat): string => Buffer.from(JSON.stringify(stat)).toString('base64');

const head: Handler = async ({ res, query, params, services }) => {
  const stat = await services.containers.statPath(params.name, archivePath(query));
  res.writeHead(200, { [PATH_STAT_HEADER]: encodePathStat(stat), 'Content-Length': 0 });
  res.end();
};

const get: Handler = async ({ res, query, params, services }) => {
  const { stat, tar } = await services.containers.getArchive(params.name, archivePath(query));
  await sendStream(res, 'application/x-tar', tar, { [PATH_STAT_HEADER]: encodePathStat(stat) });
};

const put: Handler = async ({ res, query, params, body, services }) => {
  await services.containers.putArchive(params.name, archivePath(query), body, {
    noOverwriteDirNonDir: boolValue(query, 'noOverwriteDirNonDir'),
    copyUIDGID: boolValue(query, 'copyUIDGID'),
  });
  sendEmpty(res, 200);
};

export const archiveRoutes: Route[] = [
  route('HEAD', '/containers/{name}/archive', head),
  route('GET', '/containers/{name}/archive', get),
  route('PUT', '/containers/{name}/archive', put),
];
