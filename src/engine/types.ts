/**
 * The domain services the API layer calls. Each API handler parses its request,
 * calls exactly one of these methods, and renders the result; the same services
 * would back any other front end. Errors are errdefs kinds (not-found → 404,
 * conflict → 409, invalid-argument → 400, not-modified → 304 …), mapped to HTTP
 * status only in src/api/errors.ts.
 *
 * Words:
 * - ref: whatever a user typed to name a container: full id, unique id prefix, or name (with or without the leading '/').
 * - session: a live connection to a process's stdio (attach or exec start). Output comes as chunks tagged with the
 *   stream they came from; in TTY mode everything is 'stdout' and the API writes it raw, otherwise multiplexed.
 */
import type { Readable, Writable } from 'node:stream';
import type {
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerPruneResponse,
  ContainerStats,
  ContainerSummary,
  ContainerTopResponse,
  ContainerUpdateRequest,
  ContainerWaitResponse,
  EndpointSettings,
  ExecCreateRequest,
  ExecInspect,
  FilesystemChange,
  Filters,
  PathStat,
} from '../apitypes/containers.js';
import type { EventMessage, InfoResponse, SystemResetResponse, VersionResponse } from '../apitypes/system.js';
import type { HistoryResponseItem, ImageDeleteResponseItem, ImageInspect, ImageSummary } from '../apitypes/images.js';
import type { BuildCacheRecord, BuildMessage, BuildOptions, BuildPruneResponse } from '../apitypes/build.js';
import type { AuthConfig, DistributionInspect, LoginResult, SearchResult } from '../apitypes/registry.js';
import type { NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from '../apitypes/networks.js';
import type { PodActionResponse, PodCreateRequest, PodCreateResponse, PodInspect, PodSummary } from '../apitypes/pods.js';
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from '../apitypes/volumes.js';

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

export interface IOSession {
  /** TTY sessions carry raw output; others are multiplexed by the API. */
  readonly tty: boolean;
  /** Output until the process exits, the session is closed, or the user detaches. */
  readonly output: AsyncIterable<OutputChunk>;
  /** Present when stdin was asked for; end() closes the process's stdin when the container has StdinOnce (or for exec). */
  readonly stdin?: Writable;
  /** Resolves when the client typed the detach keys (the API then closes the connection). */
  readonly detached: Promise<void>;
  close(): void;
}

export interface AttachOptions {
  stream: boolean;
  logs: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Docker's syntax: `ctrl-p,ctrl-q` (default), `a,ctrl-x` … ; empty string disables. */
  detachKeys?: string;
}

export interface LogsOptions {
  follow: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Unix seconds (fractional allowed); 0 = no bound. */
  since: number;
  until: number;
  timestamps: boolean;
  /** Number of lines from the end, or 'all'. */
  tail: number | 'all';
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface ContainerService {
  create(name: string | undefined, body: ContainerCreateRequest): Promise<ContainerCreateResponse>;
  inspect(ref: string, opts?: { size?: boolean }): Promise<ContainerInspect>;
  list(opts: { all?: boolean; limit?: number; size?: boolean; filters?: Filters }): Promise<ContainerSummary[]>;
  /** not-modified when already running. */
  start(ref: string): Promise<void>;
  /** Signal (image StopSignal or given), wait timeout seconds (default StopTimeout or 10), then SIGKILL. not-modified when not running. */
  stop(ref: string, opts?: { signal?: string; timeout?: number }): Promise<void>;
  restart(ref: string, opts?: { signal?: string; timeout?: number }): Promise<void>;
  /** conflict `Container <id> is not running` when not running. */
  kill(ref: string, signal?: string): Promise<void>;
  pause(ref: string): Promise<void>;
  unpause(ref: string): Promise<void>;
  /**
   * Resolves once the waiter is registered (so the API can send headers and the
   * client may start the container); `result` settles when the condition is met.
   */
  wait(ref: string, condition: WaitCondition): Promise<{ result: Promise<ContainerWaitResponse> }>;
  attach(ref: string, opts: AttachOptions): Promise<IOSession>;
  logs(ref: string, opts: LogsOptions): Promise<{ tty: boolean; output: AsyncIterable<OutputChunk> }>;
  top(ref: string, psArgs?: string): Promise<ContainerTopResponse>;
  /** One sample when !stream; otherwise one per second until the consumer stops iterating. */
  stats(ref: string, opts: { stream: boolean; oneShot?: boolean }): AsyncIterable<ContainerStats>;
  changes(ref: string): Promise<FilesystemChange[]>;
  export(ref: string): Promise<Readable>;
  statPath(ref: string, path: string): Promise<PathStat>;
  getArchive(ref: string, path: string): Promise<{ stat: PathStat; tar: Readable }>;
  putArchive(ref: string, path: string, tar: Readable, opts: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean }): Promise<void>;
  resize(ref: string, height: number, width: number): Promise<void>;
  rename(ref: string, newName: string): Promise<void>;
  update(ref: string, body: ContainerUpdateRequest): Promise<{ Warnings: string[] }>;
  remove(ref: string, opts: { force: boolean; volumes: boolean; link: boolean }): Promise<void>;
  prune(filters: Filters): Promise<ContainerPruneResponse>;
  /** `POST /commit`: returns the new image id. */
  commit(ref: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; pause: boolean; changes: string[]; config?: ContainerCreateRequest }): Promise<{ Id: string }>;
}

export interface ExecStartOptions {
  detach: boolean;
  tty: boolean;
  consoleSize?: [number, number] | null;
}

export interface ExecService {
  create(containerRef: string, body: ExecCreateRequest): Promise<{ Id: string }>;
  /**
   * undefined when detached. An attached start calls `beforeLaunch` (with the session's
   * TTY mode) once the exec is checked and claimed, before its process exists: the API
   * sends its response head there, so a client has read it before any output can follow
   * (clients that read the head through a buffered reader lose what shares its read).
   * From then on start does not reject: a failure is the session's output, as in Docker.
   */
  start(execId: string, opts: ExecStartOptions, beforeLaunch?: (tty: boolean) => void): Promise<IOSession | undefined>;
  resize(execId: string, height: number, width: number): Promise<void>;
  inspect(execId: string): Promise<ExecInspect>;
}

export interface EventsOptions {
  /** Unix seconds; replay stored events from then. */
  since?: number;
  /** Unix seconds; the stream ends then. Without it, the stream follows until aborted. */
  until?: number;
  filters?: Filters;
  signal?: AbortSignal;
}

export interface SystemService {
  version(): VersionResponse;
  info(): Promise<InfoResponse>;
  events(opts: EventsOptions): AsyncIterable<EventMessage>;
  df(): Promise<Record<string, unknown>>;
}

/**
 * Image operations as the API sees them. Wire shapes come from src/apitypes/images.ts;
 * the implementation adapts the images module (src/images) to them.
 */
export interface ImageService {
  list(opts: { all?: boolean; filters?: Filters; digests?: boolean }): Promise<ImageSummary[]>;
  inspect(ref: string): Promise<ImageInspect>;
  history(ref: string): Promise<HistoryResponseItem[]>;
  /** `POST /images/{name}/tag?repo=&tag=` */
  tag(ref: string, repo: string, tag?: string): Promise<void>;
  remove(ref: string, opts: { force: boolean; noprune: boolean }): Promise<ImageDeleteResponseItem[]>;
  prune(filters: Filters): Promise<{ ImagesDeleted: ImageDeleteResponseItem[] | null; SpaceReclaimed: number }>;
  /** `GET /images/get?names=…` and `GET /images/{name}/get`: a `docker save` tarball. */
  save(refs: string[]): Promise<Readable>;
  /** `POST /images/load`: returns the lines Docker streams, e.g. `Loaded image: busybox:latest`. */
  load(tar: Readable, signal?: AbortSignal): Promise<string[]>;
  /** `POST /images/create?fromSrc=-`: returns the new image id (sha256:…). */
  import(src: Readable, opts: { repo?: string; tag?: string; message?: string; changes: string[]; platform?: string }): Promise<string>;
}

/**
 * `POST /wharf/system/reset`: remove everything the daemon made, on disk and on the host.
 * The composition root implements it (it alone knows the roots); the daemon exits after `finish`.
 */
export interface ResetService {
  reset(): Promise<SystemResetResponse>;
  /** The answer has been sent: shut the daemon down. */
  finish(): void;
}

/** `POST /build`, `POST /build/prune` and the build cache of `system df` (src/builder implements it). */
export interface BuildService {
  /** The body is the context tar, read as a stream; a failure is the last message. `signal` (the client left) cancels the build. */
  build(opts: BuildOptions, context: Readable, signal?: AbortSignal): AsyncIterable<BuildMessage>;
  prune(): Promise<BuildPruneResponse>;
  usage(): Promise<BuildCacheRecord[]>;
}

/** `/volumes` as the API sees it. */
export interface VolumeService {
  create(body: VolumeCreateRequest): Promise<Volume>;
  inspect(name: string): Promise<Volume>;
  list(filters: Filters): Promise<VolumeListResponse>;
  /** conflict while containers use it; force ignores a missing volume. */
  remove(name: string, opts: { force: boolean }): Promise<void>;
  /** `anonymousOnly`: API ≥ 1.42 prunes named volumes only with the `all=true` filter. */
  prune(filters: Filters, opts: { anonymousOnly: boolean }): Promise<VolumePruneResponse>;
}

/** One of Docker's JSON progress messages, ready to be written as a line. */
export type ProgressMessage = Record<string, unknown>;

export interface RegistryCall {
  /** The raw X-Registry-Auth header, when the client sent one. */
  registryAuth?: string;
  onProgress?: (m: ProgressMessage) => void;
  signal?: AbortSignal;
}

/** What the API asks of the engine for registries. */
export interface DistributionService {
  /** `POST /images/create?fromImage=`: `ref` may carry a tag or digest; allTags wants it bare. */
  pull(ref: string, opts: RegistryCall & { platform?: string; allTags?: boolean }): Promise<void>;
  /** `POST /images/{name}/push?tag=`: a bare name pushes every local tag of the repository. */
  push(ref: string, opts: RegistryCall): Promise<void>;
  /** `POST /auth` */
  login(auth: AuthConfig, signal?: AbortSignal): Promise<LoginResult>;
  /** `GET /distribution/{name}/json` */
  inspect(ref: string, opts: RegistryCall): Promise<DistributionInspect>;
  /** `GET /images/search?term=&limit=` */
  search(term: string, opts: RegistryCall & { limit?: number }): Promise<SearchResult[]>;
}

export interface NetworkApiService {
  list(filters?: Filters): NetworkResource[];
  inspect(ref: string): NetworkResource;
  create(req: NetworkCreateRequest): Promise<NetworkCreateResponse>;
  remove(ref: string): Promise<void>;
  prune(filters?: Filters): Promise<NetworkPruneResponse>;
  connect(networkRef: string, containerRef: string, endpoint?: EndpointSettings | null): Promise<void>;
  disconnect(networkRef: string, containerRef: string, force: boolean): Promise<void>;
}

/**
 * Wharf's `/wharf/pods/…`: containers sharing an infra container's namespaces.
 * Unknown pods are not-found `No such pod: <ref>`; a taken name is a conflict.
 */
export interface PodService {
  create(req: PodCreateRequest): Promise<PodCreateResponse>;
  list(filters?: Filters): PodSummary[];
  inspect(ref: string): Promise<PodInspect>;
  /** The infra container first, then the members in creation order. */
  start(ref: string): Promise<PodActionResponse>;
  /** The members, then the infra container. */
  stop(ref: string, opts?: { timeout?: number }): Promise<PodActionResponse>;
  restart(ref: string, opts?: { timeout?: number }): Promise<PodActionResponse>;
  /** conflict when no container of the pod runs. */
  kill(ref: string, signal?: string): Promise<PodActionResponse>;
  pause(ref: string): Promise<PodActionResponse>;
  unpause(ref: string): Promise<PodActionResponse>;
  /** Every container and the record; conflict while one runs, unless force. */
  remove(ref: string, opts: { force: boolean }): Promise<PodActionResponse>;
  top(ref: string, psArgs?: string): Promise<ContainerTopResponse>;
}
