/**
 * What a handler gets for one request. Words:
 * - exchange: one request and its response.
 * - upgrade: the client asked for `Connection: Upgrade` (the docker CLI does for attach
 *   and exec start); the raw connection is then the handler's to hijack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import type {
  DistributionService,
  NetworkApiService,
  BuildService,
  PodService,
  ContainerService,
  ExecService,
  ImageService,
  ResetService,
  SystemService,
  VolumeService,
} from '../engine/index.js';
import type { Logger } from '../util/logger.js';

export interface ApiServices {
  containers: ContainerService;
  exec: ExecService;
  images: ImageService;
  system: SystemService;
  distribution: DistributionService;
  /** Absent in daemons (and API tests) built without a volume store. */
  volumes?: VolumeService;
  /** Absent when the daemon runs without networking (API tests). */
  networks?: NetworkApiService;
  /** Absent in API tests built without pods. */
  pods?: PodService;
  /** Absent when the daemon runs without a builder. */
  build?: BuildService;
  /** Absent in API tests: only the daemon knows everything it made. */
  reset?: ResetService;
}

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request body: `req` itself, or for an upgraded request the body bytes that preceded the raw stream. */
  readonly body: Readable;
  /** Path parameters, already percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The negotiated API version this request is served with. */
  readonly version: string;
  /** Aborted when the client goes away before the response is complete. */
  readonly signal: AbortSignal;
  /** Present on upgraded requests: the connection, to be hijacked or answered through `res`. */
  readonly upgradeSocket?: Duplex;
  readonly services: ApiServices;
  readonly log: Logger;
}

export type Handler = (ex: Exchange) => Promise<void>;
