/**
 * THE one place where an error kind becomes an HTTP status (moby's
 * api/server/httpstatus), and where error bodies are rendered.
 */
import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { type ErrorKind, WharfError, errnoCode, isWharfError } from '../errdefs/index.js';

const STATUS: Record<ErrorKind, number> = {
  'invalid-argument': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'not-modified': 304,
  // moby maps containerd's FailedPrecondition to 412.
  'failed-precondition': 412,
  'not-implemented': 501,
  unavailable: 503,
  internal: 500,
};

export function statusFromError(err: unknown): number {
  return isWharfError(err) ? STATUS[err.kind] : 500;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Host paths Node's system errors name (`path`, `dest`) anywhere in the cause chain. */
function hostPaths(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    for (const key of ['path', 'dest'] as const) {
      const v = (e as Record<string, unknown>)[key];
      if (typeof v === 'string' && v.includes('/')) out.push(v);
    }
  }
  return out;
}

/** An absolute path of two components or more, as system errors quote them. */
const LOOKS_LIKE_PATH = /(^|[\s'"(:=])\/[^\s'"/]+\//;

/**
 * The message a client sees: never a host path. A raw system error escaping a
 * module is "internal error" with its errno; a 500 that quotes a path from its
 * cause names only the path's last component. 4xx messages are left alone: the
 * paths they quote are the client's own (a bind source). The full error goes to
 * the daemon log (server.ts).
 */
export function publicMessage(err: unknown): string {
  if (!isWharfError(err)) {
    const code = errnoCode(err);
    const syscall = (err as { syscall?: unknown } | null)?.syscall;
    if (code) return `internal error: ${typeof syscall === 'string' ? `${syscall}: ` : ''}${code}`;
    const msg = errorMessage(err);
    return LOOKS_LIKE_PATH.test(msg) ? 'internal error' : msg;
  }
  if (statusFromError(err) !== 500) return err.message;
  let msg = err.message;
  for (const p of hostPaths(err).sort((a, b) => b.length - a.length)) msg = msg.split(p).join(basename(p));
  return msg;
}

/** Prefix the message as moby's errors.Wrapf does, keeping the kind (and so the status). */
export function wrapError(err: unknown, prefix: string): WharfError {
  const kind: ErrorKind = isWharfError(err) ? err.kind : 'internal';
  return new WharfError(kind, `${prefix}: ${errorMessage(err)}`, { cause: err });
}

/** Render `{"message": …}` with the error's status; 304 carries no body. */
export function sendError(res: ServerResponse, err: unknown): void {
  const status = statusFromError(err);
  if (status === 304) {
    res.writeHead(304);
    res.end();
    return;
  }
  const body = JSON.stringify({ message: publicMessage(err) }) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
