/**
 * Daemon error responses as typed errors: the error kind follows the HTTP
 * status (404 not-found, 409 conflict …), the message is the body's
 * `message`, and the status stays on the error.
 */
import type { RawResponse } from './transport.js';
import { WharfError, type ErrorKind } from '../errdefs/index.js';

export class ApiError extends WharfError {
  constructor(
    kind: ErrorKind,
    message: string,
    readonly statusCode: number,
  ) {
    super(kind, message);
    this.name = 'ApiError';
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

const KINDS: Record<number, ErrorKind> = {
  304: 'not-modified',
  400: 'invalid-argument',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'failed-precondition',
  501: 'not-implemented',
  503: 'unavailable',
};

export function kindForStatus(status: number): ErrorKind {
  return KINDS[status] ?? (status >= 400 && status < 500 ? 'invalid-argument' : 'internal');
}

/** The message of an error body: `{"message": …}`, else the text itself. */
export function errorMessage(body: string, status: number, statusText: string, route: string): string {
  const text = body.trim();
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') {
        return (parsed as { message: string }).message;
      }
    } catch {
      // not JSON: the body is the message
    }
    return text;
  }
  return `request returned ${status} ${statusText} for API route and version ${route}, check if the server supports the requested API version`;
}

export async function errorFromResponse(res: RawResponse, route: string): Promise<ApiError> {
  const status = res.statusCode;
  const message = errorMessage((await res.bytes()).toString('utf8'), status, res.statusMessage, route);
  return new ApiError(kindForStatus(status), message, status);
}
