/**
 * `/api/<Engine API path>` → the daemon, unchanged and streaming both ways
 * (events, logs?follow, stats, pull progress arrive as the daemon writes them).
 * The browser's cookies and the dashboard's own headers stay here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiClient } from '../../client/client.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1), what only the dashboard reads, and (below) any CORS header. */
const NOT_FORWARDED = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'host', 'cookie', 'origin', 'referer', 'x-wharf-csrf',
]);

function passable(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !NOT_FORWARDED.has(k) && !k.startsWith('sec-') && !k.startsWith('access-control-')) out[k] = v;
  return out;
}

export async function forwardApi(client: ApiClient, req: IncomingMessage, res: ServerResponse, daemonPath: string): Promise<void> {
  const abort = new AbortController();
  // The browser went away (closed tab, aborted fetch): end the daemon's stream too.
  res.on('close', () => abort.abort());
  let upstream: IncomingMessage;
  try {
    upstream = await client.forward(req.method ?? 'GET', daemonPath, passable(req.headers), req, abort.signal);
  } catch (err) {
    if (abort.signal.aborted) return;
    res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: err instanceof Error ? err.message : String(err) }));
    return;
  }
  const headers = passable(upstream.headers);
  delete headers['content-security-policy'];
  res.writeHead(upstream.statusCode ?? 502, headers);
  // Streams (events, logs) may not write for a while: the head goes now.
  res.flushHeaders();
  upstream.on('error', () => res.destroy());
  upstream.pipe(res);
}
