/**
 * Request and response plumbing shared by the handlers: JSON and error bodies,
 * bounded body reads, byte ranges (Range on pulls, Content-Range on chunked
 * pushes) and the Link-header pagination of tag and catalog listings.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isWharfError, type ErrorKind } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import { isRegistryError, registryError, type RegistryError, type RegistryErrorCode } from './errors.js';
import type { ChunkRange } from './storage/uploads.js';

const log = logger('registry');

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  const body = JSON.stringify(value) + '\n';
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** A reply without a body; Content-Length 0 keeps keep-alive clients from waiting for one. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, status === 204 || status === 304 ? headers : { ...headers, 'Content-Length': '0' });
  res.end();
}

const KIND_CODES: Partial<Record<ErrorKind, RegistryErrorCode>> = {
  'invalid-argument': 'MANIFEST_INVALID',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'DENIED',
  'not-implemented': 'UNSUPPORTED',
};

function asRegistryError(err: unknown): RegistryError {
  if (isRegistryError(err)) return err;
  const code = isWharfError(err) ? KIND_CODES[err.kind] : undefined;
  if (code) return registryError(code, { message: (err as Error).message });
  log.error('request failed', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
  return registryError('UNKNOWN', { message: err instanceof Error ? err.message : String(err) });
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = asRegistryError(err);
  if (res.headersSent) {
    // The body is already streaming: the only honest signal left is a cut connection.
    res.destroy(e);
    return;
  }
  sendJson(res, e.status, e.toBody(), { ...e.headers });
}

/** The whole body, refused with 413 beyond `limit` bytes (before reading, when Content-Length says so). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): RegistryError => registryError('SIZE_INVALID', { status: 413, message: `payload exceeds the ${limit}-byte limit` });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/**
 * A single `Range: bytes=…` against a blob of `size` bytes. Undefined means
 * serve the whole blob (no header, or a form RFC 9110 lets a server ignore,
 * such as several ranges); 'unsatisfiable' means 416.
 */
export function parseByteRange(header: string | undefined, size: number): ChunkRange | 'unsatisfiable' | undefined {
  const m = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Content-Range of a chunk push, `<start>-<end>` inclusive as the spec has it. */
export function parseContentRange(header: string | undefined): ChunkRange | undefined {
  if (header === undefined) return undefined;
  const m = header.trim().match(/^(\d+)-(\d+)$/);
  if (!m) throw registryError('BLOB_UPLOAD_INVALID', { message: `invalid Content-Range ${JSON.stringify(header)}` });
  const range = { start: Number(m[1]), end: Number(m[2]) };
  if (range.end < range.start) throw registryError('BLOB_UPLOAD_INVALID', { status: 416, message: `invalid Content-Range ${JSON.stringify(header)}` });
  return range;
}

export interface Page {
  items: string[];
  /** The Link header when more entries follow. */
  link?: string;
}

export interface PageRequest {
  n?: number;
  last?: string;
}

/** `?n=&last=`, checked before any listing is read so a bad `n` is a 400 whatever the repository. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const last = query.get('last') ?? undefined;
  const raw = query.get('n');
  if (raw === null || raw === '') return { last };
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw registryError('PAGINATION_NUMBER_INVALID', { detail: { n: raw } });
  return { n, last };
}

/** One page of a sorted list, with the `Link: <…>; rel="next"` the spec describes when more follow. */
export function paginate(sorted: string[], req: PageRequest, path: string): Page {
  const { n, last } = req;
  const after = last === undefined ? sorted : sorted.filter((s) => s > last);
  if (n === undefined) return { items: after };
  const items = after.slice(0, n);
  if (n === 0 || after.length <= n) return { items };
  const next = new URLSearchParams({ n: String(n), last: items[items.length - 1] as string });
  return { items, link: `<${path}?${next.toString()}>; rel="next"` };
}
