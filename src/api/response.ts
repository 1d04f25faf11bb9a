/**
 * Writing responses: the headers every reply carries, JSON bodies, and the
 * streamed kinds (JSON lines, tarballs) that must stop when the client goes.
 */
import type { ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VERSION } from '../util/version.js';
import { API_VERSION } from './version.js';

const SERVER_NAME = `Wharf/${VERSION} (linux)`;

const STANDARD_HEADERS: ReadonlyArray<[string, string]> = [
  ['Api-Version', API_VERSION],
  ['Docker-Experimental', 'false'],
  ['Ostype', 'linux'],
  ['Server', SERVER_NAME],
];

export const MEDIA_RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MEDIA_MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

export function applyStandardHeaders(res: ServerResponse): void {
  for (const [name, value] of STANDARD_HEADERS) res.setHeader(name, value);
}

/** The standard headers as raw lines, for responses written straight onto a hijacked connection. */
export function standardHeaderLines(): string {
  return STANDARD_HEADERS.map(([name, value]) => `${name}: ${value}\r\n`).join('');
}

/** A JSON body with the trailing newline Go's json.Encoder writes. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, status === 204 || status === 304 ? {} : { 'Content-Length': 0 });
  res.end();
}

/** 200 with headers sent now, so a streaming client sees the response start before the first message. */
export function startStream(res: ServerResponse, contentType: string, extra: Record<string, string> = {}): void {
  res.writeHead(200, { 'Content-Type': contentType, ...extra });
  res.flushHeaders();
}

/** Write honouring backpressure; false once the destination has closed. */
export async function writeChunk(w: Writable, data: Uint8Array | string): Promise<boolean> {
  if (w.destroyed || w.writableEnded) return false;
  if (!w.write(data)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        w.off('drain', done);
        w.off('close', done);
        resolve();
      };
      w.on('drain', done);
      w.on('close', done);
    });
  }
  return !w.destroyed;
}

/**
 * Consume `iterable` until it ends or `signal` aborts. On abort (or a failing
 * callback) the iterator's return() is called so the producer releases what it holds;
 * an iterator blocked in next() is not awaited.
 */
export async function forEachUntil<T>(iterable: AsyncIterable<T>, signal: AbortSignal, fn: (item: T) => Promise<boolean>): Promise<void> {
  const it = iterable[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  let exhausted = false;
  try {
    for (;;) {
      const r = await Promise.race([it.next(), aborted]);
      if (r === 'aborted') return;
      if (r.done) {
        exhausted = true;
        return;
      }
      if (!(await fn(r.value))) return;
    }
  } finally {
    if (!exhausted) it.return?.()?.catch(() => undefined);
  }
}

/** Stream a body; a client that goes away destroys `body`, which is how the producer learns of it. */
export async function sendStream(res: ServerResponse, contentType: string, body: Readable, extra: Record<string, string> = {}): Promise<void> {
  res.writeHead(200, { 'Content-Type': contentType, ...extra });
  await pipeline(body, res);
}

/** A whole progress stream at once: JSONMessage lines, CRLF-terminated as moby's streamformatter writes them. */
export function sendJsonMessages(res: ServerResponse, messages: object[]): void {
  const body = messages.map((m) => JSON.stringify(m) + '\r\n').join('');
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A failure reported inside a progress stream (the status is already 200). */
export const jsonMessageError = (message: string): object => ({ errorDetail: { message }, error: message });
