/**
 * One HTTP(S) request to a registry or token server over keep-alive agents,
 * answered by the response head; the caller streams or reads the body. Request
 * bodies are a Buffer or a stream factory, so an auth retry can send them again.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidArgument } from '../../errdefs/index.js';

export type RequestBody = Buffer | (() => Readable);

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: OutgoingHttpHeaders;
  body?: RequestBody;
  /** Accept any certificate (insecure registries). */
  insecure?: boolean;
  signal?: AbortSignal;
}

/** A connection that says nothing for this long is dead; the caller may retry or resume. */
const IDLE_TIMEOUT_MS = 60_000;

export class HttpClient {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsInsecure = new HttpsAgent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: false });

  constructor(private readonly userAgent: string) {}

  send(req: HttpRequest): Promise<IncomingMessage> {
    const secure = req.url.protocol === 'https:';
    const agent = secure ? (req.insecure ? this.httpsInsecure : this.https) : this.http;
    const headers: OutgoingHttpHeaders = { 'User-Agent': this.userAgent, ...req.headers };
    if (Buffer.isBuffer(req.body)) headers['Content-Length'] = req.body.length;
    else if (req.body === undefined && (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH')) headers['Content-Length'] = 0;
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = send(req.url, { method: req.method, headers, agent, signal: req.signal });
      r.setTimeout(IDLE_TIMEOUT_MS, () => r.destroy(Object.assign(new Error(`${req.method} ${req.url.origin}${req.url.pathname}: connection idle for ${IDLE_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })));
      r.once('response', resolve);
      r.once('error', reject);
      if (req.body === undefined || Buffer.isBuffer(req.body)) {
        r.end(req.body);
        return;
      }
      // A server may answer (and close) before taking the whole body; the response or the request's error settles the call.
      pipeline(req.body(), r).catch((err: unknown) => {
        r.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  /** Close idle keep-alive connections (the daemon is stopping, or a test ends). */
  close(): void {
    this.http.destroy();
    this.https.destroy();
    this.httpsInsecure.destroy();
  }
}

/**
 * A small body (manifest, token, error) in memory. Beyond `limit` bytes it is
 * cut short ('truncate': error bodies, which are only quoted) or refused ('refuse').
 */
export async function readBody(res: IncomingMessage, limit: number, overflow: 'truncate' | 'refuse'): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (overflow === 'refuse' && declared > limit) {
    res.destroy();
    throw invalidArgument(`response body of ${declared} bytes exceeds the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      if (overflow === 'refuse') {
        res.destroy();
        throw invalidArgument(`response body exceeds the ${limit}-byte limit`);
      }
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      res.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks, size);
}

/** Finish a response whose body does not matter, so its connection can be reused. */
export function discard(res: IncomingMessage): void {
  res.resume();
}
