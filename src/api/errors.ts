/**
 * THE one place where an error kind becomes an HTTP status (moby's
 * api/server/httpstatus), and where error bodies are rendered.
 */
import type { ServerResponse } from 'node:http';
import { type ErrorKind, WharfError, isWharfError } from '../errdefs/index.js';

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
  const body = JSON.stringify({ message: errorMessage(err) }) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
