/**
 * Error kinds shared by every module. Modules throw these; only the API edge
 * (src/api/errors.ts) turns a kind into an HTTP status, and only the CLI turns
 * one into an exit code.
 */
export type ErrorKind =
  | 'invalid-argument'
  | 'not-found'
  | 'conflict'
  | 'not-modified'
  | 'forbidden'
  | 'unauthorized'
  | 'failed-precondition'
  | 'not-implemented'
  | 'unavailable'
  | 'internal';

export class WharfError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'WharfError';
  }
}

export const invalidArgument = (msg: string, cause?: unknown): WharfError => new WharfError('invalid-argument', msg, { cause });
export const notFound = (msg: string, cause?: unknown): WharfError => new WharfError('not-found', msg, { cause });
export const conflict = (msg: string, cause?: unknown): WharfError => new WharfError('conflict', msg, { cause });
export const notModified = (msg: string): WharfError => new WharfError('not-modified', msg);
export const forbidden = (msg: string, cause?: unknown): WharfError => new WharfError('forbidden', msg, { cause });
export const unauthorized = (msg: string, cause?: unknown): WharfError => new WharfError('unauthorized', msg, { cause });
export const failedPrecondition = (msg: string, cause?: unknown): WharfError => new WharfError('failed-precondition', msg, { cause });
export const notImplemented = (msg: string): WharfError => new WharfError('not-implemented', msg);
export const unavailable = (msg: string, cause?: unknown): WharfError => new WharfError('unavailable', msg, { cause });
export const internal = (msg: string, cause?: unknown): WharfError => new WharfError('internal', msg, { cause });

/** Docker's word for work whose client went away: what a build or load says once `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw unavailable('context canceled');
}

export function isWharfError(err: unknown): err is WharfError {
  return err instanceof WharfError;
}

export function isKind(err: unknown, kind: ErrorKind): boolean {
  return err instanceof WharfError && err.kind === kind;
}

export const isNotFound = (err: unknown): boolean => isKind(err, 'not-found');
export const isConflict = (err: unknown): boolean => isKind(err, 'conflict');
export const isInvalidArgument = (err: unknown): boolean => isKind(err, 'invalid-argument');

/** Node's system errors carry a string code (ENOENT…); this narrows to them. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}
