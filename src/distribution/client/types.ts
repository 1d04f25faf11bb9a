/**
 * Registry client (pull, push, login, distribution inspect) against OCI
 * distribution / Docker registry v2 servers.
 *
 * Words:
 * - domain: the reference's registry part (`docker.io`, `localhost:5000`);
 *   credentials are keyed by it.
 * - endpoint: where requests go (`https://registry-1.docker.io`), found by ping.
 * - scope: what a bearer token grants (`repository:library/busybox:pull`).
 * - progress event: one of Docker's JSON progress messages, so the API can stream
 *   them unchanged (see progress.ts).
 */
import type { Platform } from '../../oci/image.js';
import type { Digest } from '../../util/digest.js';
import type { ImageRecord } from '../../images/index.js';

export type { AuthConfig, DistributionInspect, LoginResult, SearchResult } from '../../apitypes/registry.js';

/** What a registry (or its token server) accepts as identity. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token from an earlier login (Docker's `identitytoken`). */
  identityToken?: string;
  /** A bearer token to send as is (Docker's `registrytoken`). */
  registryToken?: string;
}

/** Credentials for a registry domain (`docker.io`, `localhost:5000`); undefined for anonymous access. */
export type CredentialsFn = (domain: string) => Credentials | undefined | Promise<Credentials | undefined>;

/** A Docker JSON progress message (moby's jsonmessage.JSONMessage without the rendered bar). */
export interface ProgressEvent {
  status?: string;
  /** Short layer id, a tag, or absent for whole-operation lines. */
  id?: string;
  /** Present (possibly empty) on per-layer updates, as moby's formatProgress writes them. */
  progressDetail?: { current?: number; total?: number };
  aux?: Record<string, unknown>;
}

export type ProgressSink = (event: ProgressEvent) => void;

export interface ClientOptions {
  /** Registries reachable without verified TLS: `host[:port]` or CIDR. Loopback always is, as in Docker. */
  insecureRegistries?: string[];
  /** Default credentials, used when a call's own `credentials` give none. */
  credentials?: CredentialsFn;
  /** The platform pulls choose from indexes; the image store's must match (default: the host's). */
  platform?: Platform;
  userAgent?: string;
}

interface CallOptions {
  credentials?: CredentialsFn;
  onProgress?: ProgressSink;
  /** Aborts requests in flight (the API client went away). */
  signal?: AbortSignal;
}

export interface PullOptions extends CallOptions {
  /** `os[/arch[/variant]]` (`--platform`); the client's platform by default. */
  platform?: string;
  /** Pull every tag of the repository (`--all-tags`); the reference must then be untagged. */
  allTags?: boolean;
}

export interface PulledImage {
  /** The full reference pulled (`docker.io/library/busybox:latest` or `…@sha256:…`). */
  reference: string;
  /** The manifest or index digest the registry served for it. */
  digest: Digest;
  image: ImageRecord;
  /** The reference already named this image: nothing new. */
  upToDate: boolean;
}

export interface PushOptions extends CallOptions {
  /** Blobs up to this size go in one PUT; larger ones in PATCH chunks of this size. */
  chunkSize?: number;
}

export interface PushedTag {
  tag: string;
  digest: Digest;
  size: number;
}
