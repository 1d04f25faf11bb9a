/**
 * Registry endpoints: pull (`POST /images/create?fromImage=`, see images-create.ts),
 * `POST /images/{name}/push`, `POST /auth`, `GET /distribution/{name}/json` and
 * `GET /images/search`. Pull and push stream Docker's JSON progress messages; as in
 * moby, a failure before the first message is an HTTP error, after it an error
 * message inside the 200 stream.
 */
import type { AuthConfig } from '../engine/distribution/types.js';
import type { ProgressMessage } from '../engine/distribution/types.js';
import { invalidArgument } from '../errdefs/index.js';
import { isValidTag } from '../oci/reference.js';
import { publicMessage } from './errors.js';
import type { Exchange, Handler } from './exchange.js';
import { optionalInt, readJson } from './request.js';
import { jsonMessageError, sendJson, startStream } from './response.js';
import { type Route, route } from './router.js';

function registryAuth(ex: Exchange): string | undefined {
  const h = ex.req.headers['x-registry-auth'];
  return Array.isArray(h) ? h[0] : h;
}

/** Runs `op` with a progress sink that starts the 200 stream at its first message. */
export async function streamProgress(ex: Exchange, op: (onProgress: (m: ProgressMessage) => void) => Promise<void>): Promise<void> {
  const { res } = ex;
  const onProgress = (m: ProgressMessage): void => {
    if (!res.headersSent) startStream(res, 'application/json');
    // Messages are small and few (throttled counters): no backpressure to honour.
    if (!res.destroyed) res.write(JSON.stringify(m) + '\r\n');
  };
  try {
    await op(onProgress);
  } catch (err) {
    if (!res.headersSent || ex.signal.aborted) throw err;
    res.end(JSON.stringify(jsonMessageError(publicMessage(err))) + '\r\n');
    return;
  }
  if (!res.headersSent) startStream(res, 'application/json');
  res.end();
}

/** `POST /images/create?fromImage=…` once images-create.ts has the reference. */
export function pullImage(ex: Exchange, ref: string, allTags: boolean): Promise<void> {
  const platform = ex.query.get('platform') || undefined;
  return streamProgress(ex, (onProgress) =>
    ex.services.distribution.pull(ref, { registryAuth: registryAuth(ex), onProgress, signal: ex.signal, platform, allTags }),
  );
}

const push: Handler = async (ex) => {
  const tag = ex.query.get('tag') ?? '';
  if (tag !== '' && !isValidTag(tag)) throw invalidArgument('invalid tag format');
  const ref = tag === '' ? ex.params.name : `${ex.params.name}:${tag}`;
  await streamProgress(ex, (onProgress) => ex.services.distribution.push(ref, { registryAuth: registryAuth(ex), onProgress, signal: ex.signal }));
};

const auth: Handler = async (ex) => {
  const config = (await readJson<AuthConfig>(ex, { optional: false })) as AuthConfig;
  sendJson(ex.res, 200, await ex.services.distribution.login(config, ex.signal));
};

const distributionInspect: Handler = async (ex) =>
  sendJson(ex.res, 200, await ex.services.distribution.inspect(ex.params.name, { registryAuth: registryAuth(ex), signal: ex.signal }));

const search: Handler = async (ex) => {
  const term = ex.query.get('term') ?? '';
  if (term === '') throw invalidArgument('term is required');
  const limit = optionalInt(ex.query, 'limit');
  if (limit !== undefined && (limit < 1 || limit > 100)) throw invalidArgument(`limit ${limit} is outside the range of [1, 100]`);
  sendJson(ex.res, 200, await ex.services.distribution.search(term, { registryAuth: registryAuth(ex), limit, signal: ex.signal }));
};

export const distributionRoutes: Route[] = [
  route('GET', '/images/search', search),
  route('POST', '/auth', auth),
  route('GET', '/distribution/{name}/json', distributionInspect),
  route('POST', '/images/{name}/push', push),
];
