/**
 * How ApiClient's requests reach the daemon: node:http under Node, `fetch`
 * under Bun (whose node:http costs ~35 ms of start-up; docs/architecture.md,
 * Performance). Each runtime loads only its own (ApiClient picks it).
 */
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';

/** A streamed response body with its status and (lower-case) headers, as node:http's IncomingMessage has them. */
export type ApiResponse = Readable & {
  readonly statusCode?: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
};

/** A response whose body has not been read yet: read whole, dropped, or streamed. */
export interface RawResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  header(name: string): string | undefined;
  bytes(): Promise<Buffer>;
  discard(): void;
  stream(): Promise<ApiResponse>;
}

export type Upgraded = { socket: Socket } | { answer: RawResponse };

export interface OutgoingRequest {
  method: string;
  /** Path and query. */
  route: string;
  headers: Record<string, string>;
  body: Buffer | NodeJS.ReadableStream | undefined;
  signal?: AbortSignal;
}

export interface Transport {
  send(req: OutgoingRequest): Promise<RawResponse>;
  /** Sends an `Upgrade: tcp` request: the raw socket after a 101, else the daemon's answer. */
  upgrade(req: OutgoingRequest): Promise<Upgraded>;
  close(): void;
}
