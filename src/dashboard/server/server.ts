/**
 * The dashboard server: one HTTP(S) server whose every request passes the
 * guard (docs/dashboard.md) before it is routed to the token exchange, the
 * page, the `/api/` forwarder, the compose actions or the exec bridge.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiClient } from '../../client/client.js';
import { isApiError } from '../../client/errors.js';
import { invalidArgument, isNotFound } from '../../errdefs/index.js';
import { isLoopback, parseAddr, servedHosts } from './address.js';
import { Assets } from './assets.js';
import { isComposeAction, runComposeAction } from './compose-actions.js';
import { bridgeExec, rejectUpgrade } from './exec-bridge.js';
import { forwardApi } from './forward.js';
import { authorize, hostAllowed, refuse, securityHeaders, type GuardOptions } from './guard.js';
import { SESSION_COOKIE, Sessions } from './sessions.js';

export interface DashboardOptions {
  /** The daemon's API, as the CLI reaches it. */
  client: ApiClient;
  /** `IP:PORT`; port 0 picks a free one. */
  addr: string;
  /** PEM certificate and key: serve HTTPS (required for a non-loopback address). */
  tls?: { cert: Buffer; key: Buffer };
  /** Where the built page is (default: dist/dashboard/ beside this module). */
  assetsDir?: string;
}

export interface Dashboard {
  /** The login URL with its one-time token. */
  readonly url: string;
  close(): Promise<void>;
}

/** A path segment, decoded; undefined when its %-escapes are not UTF-8. */
function segment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function statusOf(err: unknown): number {
  if (isApiError(err)) return err.statusCode;
  return isNotFound(err) ? 404 : 500;
}

export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  const addr = parseAddr(opts.addr);
  if (!isLoopback(addr.host) && !opts.tls) {
    throw invalidArgument(`refusing to serve the dashboard on non-loopback address ${opts.addr} without TLS: give --tlscert and --tlskey, or use a loopback address`);
  }
  const scheme = opts.tls ? 'https' : 'http';
  const sessions = new Sessions();
  const assets = new Assets(opts.assetsDir);
  const wss = new WebSocketServer({ noServer: true });
  const guard: GuardOptions = { sessions, hosts: new Set(), scheme };
  const cookieFlags = `HttpOnly; SameSite=Strict; Path=/${opts.tls ? '; Secure' : ''}`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(securityHeaders(req))) res.setHeader(k, v);
    if (!hostAllowed(req, guard.hosts)) return refuse(req, res, 421, 'misdirected request: wrong Host');
    // Never legitimate here, and a preflight carries no cookie: refused before the session check.
    if (req.method === 'OPTIONS') return refuse(req, res, 403, 'cross-origin requests are not served');
    // Origin-form only (`/path?query`): an absolute or `//` target would be read as another host.
    if (!req.url?.startsWith('/') || req.url.startsWith('//')) return refuse(req, res, 400, 'bad request target');
    const url = new URL(`${scheme}://dashboard${req.url}`);
    const token = url.searchParams.get('token');
    if (url.pathname === '/' && token !== null && req.method === 'GET') {
      const opened = sessions.redeem(token);
      if (!opened) return refuse(req, res, 403, 'this login link is used, wrong or expired: run `wharf dashboard` again');
      // The key rides in the fragment, which the browser never sends to a server: the page moves it
      // into its tab's sessionStorage (per origin, so per port) and out of the address bar.
      const location = `/#key=${opened.csrf}`;
      res.writeHead(303, { Location: location, 'Set-Cookie': `${SESSION_COOKIE}=${opened.id}; ${cookieFlags}`, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    const verdict = authorize(req, guard, false);
    if (!verdict.ok) return refuse(req, res, verdict.status, verdict.message);
    if (url.pathname.startsWith('/api/')) return forwardApi(opts.client, req, res, req.url.slice('/api'.length));
    const compose = /^\/compose\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const project = compose ? segment(compose[1]!) : undefined;
    if (compose && req.method === 'POST' && isComposeAction(compose[2]!)) {
      if (project === undefined) return refuse(req, res, 400, 'bad project name');
      req.resume();
      await runComposeAction(opts.client, project, compose[2]);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ ok: true }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') return assets.index(res);
    if (url.pathname.startsWith('/assets/') && (await assets.file(res, url.pathname.slice('/assets/'.length), req.method === 'HEAD'))) return;
    return refuse(req, res, 404, 'not found');
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      refuse(req, res, statusOf(err), err instanceof Error ? err.message : String(err));
    });
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const headers = securityHeaders(req);
    if (!hostAllowed(req, guard.hosts)) return rejectUpgrade(socket, 421, 'misdirected request: wrong Host', headers);
    const verdict = authorize(req, guard, true);
    if (!verdict.ok) return rejectUpgrade(socket, verdict.status, verdict.message, headers);
    const m = /^\/ws\/exec\/([^/?]+)(?:\?|$)/.exec(req.url ?? '');
    const execId = m && segment(m[1]!);
    if (!execId) return rejectUpgrade(socket, 404, 'not found', headers);
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return rejectUpgrade(socket, 400, 'only WebSocket upgrades are served', headers);
    bridgeExec(opts.client, wss, req, socket, head, execId).catch(() => socket.destroy());
  }

  const server: Server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }) : createHttpServer();
  server.on('request', onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard.hosts = servedHosts(addr, port);
  const shown = addr.host === '0.0.0.0' || addr.host === '::' ? '127.0.0.1' : addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  return {
    url: `${scheme}://${shown}:${port}/?token=${sessions.issueToken()}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
