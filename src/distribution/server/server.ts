/**
 * The registry's HTTP(S) server: one process, its own storage under `root`,
 * the OCI distribution API on /v2/ and, with bearer auth, a token endpoint on
 * /token. Each request is rate-limited, routed, name-checked, authorized, then
 * handed to one endpoint handler.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { invalidArgument } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import { setupAuth, type AuthSetup, type RegistryAuthOptions } from './auth/setup.js';
import { registryError } from './errors.js';
import { getBlob, deleteBlob } from './handlers/blobs.js';
import type { RegistryStores, RequestContext } from './handlers/context.js';
import { listCatalog, listReferrers, listTags } from './handlers/listings.js';
import { deleteManifest, getManifest, putManifest } from './handlers/manifests.js';
import { cancelUpload, patchUpload, putUpload, startUpload, uploadStatus } from './handlers/uploads.js';
import { sendError, sendJson } from './http-io.js';
import { validateRepositoryName } from './names.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { matchRoute, neededAccess, routeName, type Route } from './routes.js';
import { BlobStore } from './storage/blob-store.js';
import { RegistryLayout } from './storage/layout.js';
import { ManifestStore } from './storage/manifest-store.js';
import { UploadStore } from './storage/uploads.js';

const log = logger('registry');

export interface RegistryServerOptions {
  /** The registry's own storage directory (created if missing). */
  root: string;
  /** `host:port`; port 0 picks a free one. A bare `:port` listens on every address. */
  addr: string;
  auth?: RegistryAuthOptions;
  /** PEM certificate chain and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  readOnly?: boolean;
  rateLimit?: RateLimitOptions;
}

export interface RegistryServer {
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export function parseAddr(addr: string): { host: string; port: number } {
  const m = addr.match(/^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/);
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port > 65535) throw invalidArgument(`invalid listen address ${JSON.stringify(addr)}: expected host:port`);
  return { host: m[1] ?? m[2] ?? '', port };
}

async function dispatch(ctx: RequestContext, route: Route, method: string): Promise<void> {
  switch (route.kind) {
    case 'base':
      return sendJson(ctx.res, 200, {});
    case 'catalog':
      return listCatalog(ctx);
    case 'tags':
      return listTags(ctx, route.name);
    case 'referrers':
      return listReferrers(ctx, route.name, route.digest);
    case 'manifest':
      if (method === 'PUT') return putManifest(ctx, route.name, route.reference);
      if (method === 'DELETE') return deleteManifest(ctx, route.name, route.reference);
      return getManifest(ctx, route.name, route.reference);
    case 'blob':
      if (method === 'DELETE') return deleteBlob(ctx, route.name, route.digest);
      return getBlob(ctx, route.name, route.digest);
    case 'uploads':
      return startUpload(ctx, route.name);
    case 'upload':
      if (method === 'PATCH') return patchUpload(ctx, route.name, route.uuid);
      if (method === 'PUT') return putUpload(ctx, route.name, route.uuid);
      if (method === 'DELETE') return cancelUpload(ctx, route.name, route.uuid);
      return uploadStatus(ctx, route.name, route.uuid);
    case 'token':
      // Routed only when this process issues tokens (see handle()).
      throw registryError('UNSUPPORTED');
  }
}

function requestHandler(stores: RegistryStores, auth: AuthSetup, secure: boolean, limiter?: RateLimiter) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    const method = req.method ?? 'GET';
    try {
      limiter?.take(req.socket.remoteAddress ?? '');
      const url = new URL(req.url ?? '/', 'http://registry.invalid');
      const route = matchRoute(url.pathname);
      if (!route || (route.kind === 'token' && !auth.tokens)) {
        sendJson(res, 404, { errors: [{ code: 'NOT_FOUND', message: `no route for ${method} ${url.pathname}` }] });
        return;
      }
      const needed = neededAccess(route, method);
      const name = routeName(route);
      if (name !== undefined) validateRepositoryName(name);
      if (route.kind === 'token' && auth.tokens) {
        sendJson(res, 200, await auth.tokens.handle(req, url.searchParams));
        return;
      }
      const grant = await auth.authorizer.authorize(req, needed, secure);
      await dispatch({ req, res, url, grant, stores }, route, method);
    } catch (err) {
      sendError(res, err);
    } finally {
      log.debug('request', { method, url: req.url, status: res.statusCode });
    }
  };
}

export async function createRegistryServer(opts: RegistryServerOptions): Promise<RegistryServer> {
  const { host, port } = parseAddr(opts.addr);
  const layout = new RegistryLayout(opts.root);
  await mkdir(layout.blobsDir, { recursive: true });
  await mkdir(layout.repositoriesDir, { recursive: true });
  await mkdir(layout.uploadsDir, { recursive: true });
  const blobs = new BlobStore(layout);
  const stores: RegistryStores = {
    layout,
    blobs,
    uploads: new UploadStore(layout, blobs),
    manifests: new ManifestStore(layout, blobs),
    readOnly: opts.readOnly ?? false,
  };
  const auth = await setupAuth(opts.auth);
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit) : undefined;
  const handler = requestHandler(stores, auth, opts.tls !== undefined, limiter);
  const listener = (req: IncomingMessage, res: ServerResponse): void => void handler(req, res);
  // Blob pushes can take as long as the network needs: no whole-request deadline, only one for headers.
  const serverOpts = { requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 65_000 };
  const server: Server = opts.tls ? createHttpsServer({ ...serverOpts, cert: opts.tls.cert, key: opts.tls.key }, listener) : createHttpServer(serverOpts, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host || undefined, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `${opts.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
  log.debug('registry listening', { url, root: opts.root, auth: opts.auth ? (opts.auth.token ? 'token' : 'basic') : 'none' });
  return {
    url,
    host: host === '' ? '127.0.0.1' : host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }).finally(() => auth.close()),
  };
}
