/**
 * The checks every request passes before anything reaches the daemon
 * (docs/dashboard.md): Host, session, same origin and the session's key; and the
 * headers every answer carries. No CORS header is ever sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret, type Session, type Sessions } from './sessions.js';

export type Verdict = { ok: true; session: Session } | { ok: false; status: number; message: string };

export interface GuardOptions {
  sessions: Sessions;
  /** The `Host` values that name this server. */
  hosts: ReadonlySet<string>;
  scheme: 'http' | 'https';
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function hostAllowed(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const host = header(req, 'host');
  return host !== undefined && hosts.has(host.toLowerCase());
}

/**
 * Session, then for what scripts fetch (`/api/`, `/compose/`, `/ws/`), reads
 * included, the session's key (`X-Wharf-CSRF`, or for a WebSocket, whose browser
 * API cannot set headers, the `csrf` query parameter) and same-origin by
 * `Sec-Fetch-Site` when the browser sends it; for anything that may change
 * state, and every WebSocket, also the `Origin`. The cookie alone opens only the
 * page and its assets: browsers do not scope cookies by port, so any other web
 * server on 127.0.0.1 the browser visits receives it, but never the key, which
 * lives in the tab's sessionStorage (scoped by origin, port included).
 */
export function authorize(req: IncomingMessage, opts: GuardOptions, upgrade: boolean): Verdict {
  const session = opts.sessions.fromCookies(header(req, 'cookie'));
  if (!session) return { ok: false, status: 401, message: 'no session: run `wharf dashboard` again and open the URL it prints' };
  const read = !upgrade && (req.method === 'GET' || req.method === 'HEAD');
  const page = read && !/^\/(api|compose)\//.test(req.url ?? '');
  if (page) return { ok: true, session };
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return { ok: false, status: 403, message: 'cross-site request refused' };
  const origin = header(req, 'origin');
  if (!read && origin !== `${opts.scheme}://${header(req, 'host')}`) return { ok: false, status: 403, message: 'cross-origin request refused' };
  const csrf = upgrade ? new URL(req.url ?? '/', 'http://x').searchParams.get('csrf') : header(req, 'x-wharf-csrf');
  if (!csrf || !sameSecret(csrf, session.csrf)) return { ok: false, status: 403, message: 'missing or wrong session key' };
  return { ok: true, session };
}

/** Headers on every answer: no framing, scripts and connections to this origin only, no referrer. */
export function securityHeaders(req: IncomingMessage): Record<string, string> {
  const host = header(req, 'host') ?? '';
  return {
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': `default-src 'self'; connect-src 'self' ws://${host} wss://${host}; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** A refusal: JSON for the API, a short page otherwise. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  const api = (req.url ?? '').startsWith('/api/') || (req.url ?? '').startsWith('/compose/');
  const body = api ? JSON.stringify({ message }) : `<!doctype html><title>Wharf</title><p>${escapeHtml(message)}</p>\n`;
  res.writeHead(status, { 'Content-Type': api ? 'application/json' : 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
