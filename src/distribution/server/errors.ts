/**
 * The registry's error codes, with the statuses and message texts the OCI
 * distribution spec and the reference registry (distribution/distribution) use.
 * A RegistryError is a WharfError, so code outside the HTTP layer can still
 * reason about it by kind; the HTTP layer renders `{"errors":[…]}` from it.
 */
import { WharfError, type ErrorKind } from '../../errdefs/index.js';

export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  // Legacy Docker codes the spec lets clients meet; the reference registry still sends them.
  | 'TAG_INVALID'
  | 'PAGINATION_NUMBER_INVALID'
  | 'UNKNOWN';

interface CodeInfo {
  status: number;
  message: string;
  kind: ErrorKind;
}

const CODES: Record<RegistryErrorCode, CodeInfo> = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry', kind: 'not-found' },
  // The reference registry registers 404 but answers 400 wherever the client sent something malformed.
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid', kind: 'invalid-argument' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry', kind: 'not-found' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content', kind: 'invalid-argument' },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: 'blob unknown to registry', kind: 'failed-precondition' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid', kind: 'invalid-argument' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown', kind: 'not-found' },
  NAME_INVALID: { status: 400, message: 'invalid repository name', kind: 'invalid-argument' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry', kind: 'not-found' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length', kind: 'invalid-argument' },
  UNAUTHORIZED: { status: 401, message: 'authentication required', kind: 'unauthorized' },
  DENIED: { status: 403, message: 'requested access to the resource is denied', kind: 'forbidden' },
  UNSUPPORTED: { status: 405, message: 'The operation is unsupported.', kind: 'not-implemented' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests', kind: 'unavailable' },
  TAG_INVALID: { status: 400, message: 'manifest tag did not match URI', kind: 'invalid-argument' },
  PAGINATION_NUMBER_INVALID: { status: 400, message: 'invalid number of results requested', kind: 'invalid-argument' },
  UNKNOWN: { status: 500, message: 'unknown error', kind: 'internal' },
};

export interface RegistryErrorOptions {
  message?: string;
  detail?: unknown;
  /** Overrides the code's usual status, as the spec does (416 for out-of-order chunks, 413 for huge manifests). */
  status?: number;
  /** Headers the reply must carry: WWW-Authenticate on 401, Retry-After on 429. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class RegistryError extends WharfError {
  readonly code: RegistryErrorCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: RegistryErrorCode, opts: RegistryErrorOptions = {}) {
    const info = CODES[code];
    super(info.kind, opts.message ?? info.message, { cause: opts.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.status = opts.status ?? info.status;
    this.detail = opts.detail;
    this.headers = opts.headers ?? {};
  }

  /** The JSON body the spec prescribes. */
  toBody(): { errors: Array<{ code: string; message: string; detail?: unknown }> } {
    const entry: { code: string; message: string; detail?: unknown } = { code: this.code, message: this.message };
    if (this.detail !== undefined) entry.detail = this.detail;
    return { errors: [entry] };
  }
}

export function registryError(code: RegistryErrorCode, opts?: RegistryErrorOptions): RegistryError {
  return new RegistryError(code, opts);
}

export function isRegistryError(err: unknown): err is RegistryError {
  return err instanceof RegistryError;
}
