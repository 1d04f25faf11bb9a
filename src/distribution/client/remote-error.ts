/**
 * A registry's error answer as a typed error: the spec's `{"errors":[{code,message,detail}]}`
 * body (or a token server's `{"details": …}`), its code mapped to an error kind,
 * and the message in the distribution client's form (`manifest unknown: manifest unknown`).
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { WharfError, type ErrorKind } from '../../errdefs/index.js';
import { parseChallenges } from './challenge.js';
import { readBody } from './http-transport.js';

export interface RemoteErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

const CODE_KINDS: Record<string, ErrorKind> = {
  UNAUTHORIZED: 'unauthorized',
  DENIED: 'forbidden',
  MANIFEST_UNKNOWN: 'not-found',
  BLOB_UNKNOWN: 'not-found',
  NAME_UNKNOWN: 'not-found',
  BLOB_UPLOAD_UNKNOWN: 'not-found',
  TOOMANYREQUESTS: 'unavailable',
  UNSUPPORTED: 'not-implemented',
  MANIFEST_BLOB_UNKNOWN: 'failed-precondition',
};

function kindOfStatus(status: number): ErrorKind {
  if (status === 400 || status === 413 || status === 416) return 'invalid-argument';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 405) return 'not-implemented';
  if (status === 409) return 'conflict';
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal';
}

/** `MANIFEST_UNKNOWN` → `manifest unknown`, as distribution's errcode prints a code. */
function codeText(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

export class RemoteError extends WharfError {
  /** The first error code, when the body had one. */
  readonly code: string | undefined;
  readonly status: number;
  readonly errors: RemoteErrorEntry[];

  constructor(status: number, errors: RemoteErrorEntry[], fallback: string) {
    const first = errors[0];
    const kind = (first && CODE_KINDS[first.code]) ?? (first?.code.endsWith('_INVALID') ? 'invalid-argument' : kindOfStatus(status));
    super(kind, first ? `${codeText(first.code)}: ${first.message || codeText(first.code)}` : fallback);
    this.name = 'RemoteError';
    this.code = first?.code;
    this.status = status;
    this.errors = errors;
  }
}

export function isRemoteError(err: unknown): err is RemoteError {
  return err instanceof RemoteError;
}

/** Read what a registry said about a failed request. `what` is `GET https://…` for messages without a body to quote. */
export async function remoteErrorOf(res: IncomingMessage, what: string): Promise<RemoteError> {
  const status = res.statusCode ?? 0;
  const body = await readBody(res, 64 * 1024, 'truncate');
  const errors = [...challengeErrors(res), ...parseErrors(status, body)];
  // distribution's client: a 401 with nothing to say is still "authentication required".
  if (errors.length === 0 && status === 401) errors.push({ code: 'UNAUTHORIZED', message: 'authentication required' });
  return new RemoteError(status, errors, `${what}: unexpected status ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd());
}

/**
 * RFC 6750 errors in a bearer challenge, read first as distribution's client does:
 * a token without the needed scope means access is denied.
 */
function challengeErrors(res: IncomingMessage): RemoteErrorEntry[] {
  const status = res.statusCode ?? 0;
  if (status < 400 || status >= 500) return [];
  const bearer = parseChallenges(res.headers['www-authenticate']).find((c) => c.scheme === 'bearer');
  const code = bearer?.params.error === 'invalid_token' ? 'UNAUTHORIZED' : bearer?.params.error === 'insufficient_scope' ? 'DENIED' : undefined;
  if (!bearer || !code) return [];
  return [{ code, message: bearer.params.error_description || (code === 'DENIED' ? 'requested access to the resource is denied' : 'authentication required') }];
}

function parseErrors(status: number, body: Buffer): RemoteErrorEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { errors, details } = parsed as { errors?: unknown; details?: unknown };
  if (Array.isArray(errors)) {
    return errors.filter((e): e is RemoteErrorEntry => typeof e === 'object' && e !== null && typeof (e as RemoteErrorEntry).code === 'string');
  }
  // Token servers (Docker Hub's among them) answer {"details": "incorrect username or password"}.
  if (typeof details === 'string' && status === 401) return [{ code: 'UNAUTHORIZED', message: details }];
  return [];
}
