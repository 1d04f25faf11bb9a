/**
 * The Engine API server on a unix socket (never TCP). Plain requests come
 * through node:http's 'request'; requests with `Connection: Upgrade` (attach,
 * exec start) come through 'upgrade' and get a response object bound to the raw
 * socket, so every handler works the same either way and may hijack.
 */
import { promises as fs } from 'node:fs';
import { type IncomingMessage, type Server, ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { errnoCode, invalidArgument } from '../errdefs/index.js';
import { type Logger, logger as namedLogger } from '../util/logger.js';
import { errorMessage, sendError, statusFromError } from './errors.js';
import type { ApiServices } from './exchange.js';
import { applyStandardHeaders, sendJson } from './response.js';
import { Router, splitVersion } from './router.js';
import { apiRoutes } from './routes.js';
import { negotiateVersion } from './version.js';

export interface ApiServerOptions extends ApiServices {
  logger?: Logger;
}

export interface ApiServer {
  /** Replaces a stale socket file, listens, and makes the socket 0660. */
  listen(socketPath: string): Promise<void>;
  /** Stops listening and drops every connection, hijacked ones included. */
  close(): Promise<void>;
}

/** Bodies sent along an upgrade request are small JSON configs. */
const MAX_UPGRADE_BODY = 1 << 20;

function parseTarget(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw invalidArgument(`invalid URL escape in ${JSON.stringify(rawPath)}`);
  }
  return { path, query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)) };
}

/**
 * The body of an upgrade request arrives on the raw socket: take exactly
 * Content-Length bytes and put back whatever follows (early stdin).
 */
function readUpgradeBody(req: IncomingMessage, socket: Socket, head: Buffer): Promise<Readable> {
  if (req.headers['transfer-encoding'] !== undefined) {
    return Promise.reject(invalidArgument('a chunked request body cannot be sent with Upgrade'));
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_UPGRADE_BODY) {
    return Promise.reject(invalidArgument(`invalid Content-Length for an upgrade request: ${req.headers['content-length']}`));
  }
  return new Promise((resolve, reject) => {
    let buf = head;
    const done = (): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      if (buf.length > length) socket.unshift(buf.subarray(length));
      resolve(Readable.from([buf.subarray(0, length)], { objectMode: false }));
    };
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= length) done();
    };
    const onEnd = (): void => {
      socket.off('data', onData);
      reject(invalidArgument('unexpected end of request body'));
    };
    if (buf.length >= length) return done();
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

/** A socket file left behind by a daemon that is gone goes (keeping two daemons apart is the daemon's job); any other file stays. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  const existing = await fs.lstat(socketPath).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (existing && !existing.isSocket()) throw invalidArgument(`${socketPath} exists and is not a socket`);
  if (existing) await fs.unlink(socketPath);
}

export function createApiServer(opts: ApiServerOptions): ApiServer {
  const log = opts.logger ?? namedLogger('api');
  const services: ApiServices = { containers: opts.containers, exec: opts.exec, images: opts.images, system: opts.system, distribution: opts.distribution, volumes: opts.volumes, networks: opts.networks, ...(opts.pods ? { pods: opts.pods } : {}), ...(opts.build ? { build: opts.build } : {}), ...(opts.reset ? { reset: opts.reset } : {}) };
  const router = new Router(apiRoutes);
  const connections = new Set<Socket>();

  async function dispatch(req: IncomingMessage, res: ServerResponse, body: Readable, upgradeSocket?: Socket): Promise<void> {
    applyStandardHeaders(res);
    const client = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) client.abort();
    });
    try {
      const { path: fullPath, query } = parseTarget(req.url ?? '/');
      const { version: requested, path } = splitVersion(fullPath);
      const match = router.match(req.method ?? '', path);
      if (!match) {
        sendJson(res, 404, { message: 'page not found' });
        return;
      }
      const version = negotiateVersion(requested);
      await match.handler({ req, res, body, params: match.params, query, version, signal: client.signal, upgradeSocket, services, log });
    } catch (err) {
      if (statusFromError(err) === 500 && !client.signal.aborted) log.error('request failed', { method: req.method, url: req.url, err: errorMessage(err) });
      if (!res.headersSent && res.socket) sendError(res, err);
      else res.destroy();
    } finally {
      log.debug('request', { method: req.method, url: req.url, status: res.statusCode });
    }
  }

  const server: Server = createServer({ requestTimeout: 0 }, (req, res) => void dispatch(req, res, req));

  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });

  // Node hands upgrade requests over with the socket detached from its HTTP machinery.
  server.on('upgrade', (req: IncomingMessage, duplex, head: Buffer) => {
    // A unix-socket server's connections are net.Sockets.
    const socket = duplex as Socket;
    socket.on('error', (err) => log.debug('connection error', { err: errorMessage(err) }));
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.on('finish', () => socket.end(() => socket.destroy()));
    readUpgradeBody(req, socket, head).then(
      (body) => dispatch(req, res, body, socket),
      (err: unknown) => {
        applyStandardHeaders(res);
        sendError(res, err);
      },
    );
  });

  return {
    async listen(socketPath: string): Promise<void> {
      await removeStaleSocket(socketPath);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      });
      await fs.chmod(socketPath, 0o660);
    },

    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}
