/**
 * One repository on a registry, in the distribution API's terms: manifests by
 * tag or digest (verified against the digest they were asked by), blobs (HEAD,
 * ranged GET), upload sessions (mount, monolithic PUT, PATCH chunks), tag lists.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { invalidArgument } from '../../errdefs/index.js';
import { MediaType } from '../../oci/image.js';
import { isDigest, sha256, type Digest } from '../../util/digest.js';
import { logger } from '../../util/logger.js';
import { discard, readBody } from './http-transport.js';
import type { RegistrySession, SessionRequest } from './registry-session.js';
import type { Credentials } from './types.js';

const log = logger('distribution');

/** The manifest types Wharf can use, index types first as Docker lists them. */
export const MANIFEST_TYPES: readonly string[] = [MediaType.OciIndex, MediaType.DockerManifestList, MediaType.OciManifest, MediaType.DockerManifest];
export const SCHEMA1_TYPES: readonly string[] = ['application/vnd.docker.distribution.manifest.v1+prettyjws', 'application/vnd.docker.distribution.manifest.v1+json'];
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAG_PAGES = 1000;

export interface FetchedManifest {
  bytes: Buffer;
  digest: Digest;
  mediaType: string;
}

export class RemoteRepository {
  private readonly scope: string;

  constructor(
    private readonly session: RegistrySession,
    /** The repository's path on the registry (`library/busybox`). */
    readonly path: string,
    private readonly credentials: Credentials | undefined,
    actions: 'pull' | 'pull,push',
  ) {
    this.scope = `repository:${path}:${actions}`;
  }

  /** Whether requests carry the caller's credentials (else they are anonymous). */
  get authenticated(): boolean {
    return this.credentials !== undefined;
  }

  private call(r: Omit<SessionRequest, 'scopes' | 'credentials'> & { scopes?: string[] }): Promise<IncomingMessage> {
    return this.session.request({ scopes: [this.scope], ...r, credentials: this.credentials });
  }

  /** A manifest or index by tag or digest. By digest, the bytes must hash to it. */
  async manifest(reference: string, signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.call({ method: 'GET', target: `/v2/${this.path}/manifests/${reference}`, headers: { Accept: [...MANIFEST_TYPES, ...SCHEMA1_TYPES].join(', ') }, ok: [200], signal });
    const bytes = await readBody(res, MAX_MANIFEST_BYTES, 'refuse');
    const digest = sha256(bytes);
    if (isDigest(reference) && reference !== digest) throw invalidArgument(`manifest verification failed for digest ${reference}`);
    const claimed = res.headers['docker-content-digest'];
    if (typeof claimed === 'string' && claimed !== digest) log.warn('registry sent a Docker-Content-Digest that does not match the manifest', { repository: this.path, reference, claimed, digest });
    return { bytes, digest, mediaType: manifestMediaType(res.headers['content-type'], bytes) };
  }

  async putManifest(reference: string, mediaType: string, bytes: Buffer, signal?: AbortSignal): Promise<Digest> {
    const res = await this.call({ method: 'PUT', target: `/v2/${this.path}/manifests/${reference}`, headers: { 'Content-Type': mediaType }, body: bytes, ok: [200, 201, 204], signal });
    discard(res);
    return sha256(bytes);
  }

  /** Every tag, following the Link header's pages. */
  async tags(signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    let target: string | undefined = `/v2/${this.path}/tags/list`;
    for (let page = 0; target !== undefined && page < MAX_TAG_PAGES; page++) {
      const res = await this.call({ method: 'GET', target, ok: [200], signal });
      const link = res.headers.link;
      const tags = (parseJson(await readBody(res, MAX_MANIFEST_BYTES, 'refuse'), `tag list of ${this.path}`) as { tags?: unknown } | null)?.tags;
      if (Array.isArray(tags)) out.push(...tags.filter((t): t is string => typeof t === 'string'));
      target = nextLink(Array.isArray(link) ? link[0] : link);
    }
    return out;
  }

  /** The blob's size if the repository has it. */
  async blobSize(digest: Digest, signal?: AbortSignal): Promise<number | undefined> {
    const res = await this.call({ method: 'HEAD', target: `/v2/${this.path}/blobs/${digest}`, ok: [200, 404], signal });
    discard(res);
    return res.statusCode === 200 ? Number(res.headers['content-length']) : undefined;
  }

  /** The blob's bytes from `offset` on: 206 when the registry honoured the range, 200 (whole blob) when it did not. */
  blob(digest: Digest, offset: number, signal?: AbortSignal): Promise<IncomingMessage> {
    const headers = offset > 0 ? { Range: `bytes=${offset}-` } : undefined;
    return this.call({ method: 'GET', target: `/v2/${this.path}/blobs/${digest}`, headers, ok: [200, 206], signal });
  }

  /** Link a blob `from` another repository of this registry; undefined when mounted, else the upload session the registry opened instead. */
  async mount(digest: Digest, from: string, signal?: AbortSignal): Promise<URL | undefined> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.call({ method: 'POST', target: `/v2/${this.path}/blobs/uploads/?${query}`, scopes: [this.scope, `repository:${from}:pull`], ok: [201, 202], signal });
    discard(res);
    return res.statusCode === 201 ? undefined : await this.location(res);
  }

  async startUpload(signal?: AbortSignal): Promise<URL> {
    const res = await this.call({ method: 'POST', target: `/v2/${this.path}/blobs/uploads/`, ok: [202], signal });
    discard(res);
    return this.location(res);
  }

  /** Append `length` bytes at `start`; returns where the session continues. */
  async patchUpload(location: URL, start: number, length: number, body: () => Readable, signal?: AbortSignal): Promise<URL> {
    const res = await this.call({
      method: 'PATCH',
      target: location,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${start}-${start + length - 1}`, 'Content-Length': length },
      body,
      ok: [202],
      signal,
    });
    discard(res);
    return res.headers.location ? this.location(res) : location;
  }

  /** Close the session with the blob's digest, sending its last (or only) `length` bytes. */
  async finishUpload(location: URL, digest: Digest, length: number, body: (() => Readable) | undefined, signal?: AbortSignal): Promise<void> {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const res = await this.call({ method: 'PUT', target: url, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': length }, body, ok: [201, 204], signal });
    discard(res);
  }

  private async location(res: IncomingMessage): Promise<URL> {
    const loc = res.headers.location;
    if (!loc) throw invalidArgument(`registry opened an upload for ${this.path} without a Location`);
    return new URL(loc, await this.session.baseUrl());
  }
}

/** The manifest's type: the Content-Type when it names one we know, else what the body says or looks like. */
export function manifestMediaType(contentType: string | undefined, bytes: Buffer): string {
  const header = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (MANIFEST_TYPES.includes(header) || SCHEMA1_TYPES.includes(header)) return header;
  const body = parseJson(bytes, 'manifest') as { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: unknown } | null;
  if (typeof body !== 'object' || body === null) throw invalidArgument('registry sent a manifest that is not a JSON object');
  if (typeof body.mediaType === 'string' && body.mediaType !== '') return body.mediaType;
  if (body.schemaVersion === 1) return SCHEMA1_TYPES[0] as string;
  if (Array.isArray(body.manifests)) return MediaType.OciIndex;
  if (typeof body.config === 'object' && body.config !== null) return MediaType.OciManifest;
  return header || 'application/octet-stream';
}

/** The target of a `Link: <…>; rel="next"` header. */
function nextLink(header: string | undefined): string | undefined {
  const m = header?.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  return m?.[1];
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw invalidArgument(`registry sent a ${what} that is not JSON`, err);
  }
}
