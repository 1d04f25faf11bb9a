/**
 * Content store: immutable blobs addressed by their sha256 digest.
 *
 * Words:
 * - blob: a byte sequence stored once under `blobs/sha256/<hex>`; its digest is
 *   verified before it becomes visible, so a reader never sees a torn or wrong blob.
 * - expected digest: what the writer claims the bytes hash to; a mismatch is an
 *   invalid-argument error and nothing is stored.
 * - descriptor: the OCI triple (mediaType, digest, size) naming a blob.
 */
import type { Readable } from 'node:stream';
import type { Descriptor } from '../oci/image.js';
import type { Digest } from '../util/digest.js';

export interface BlobInfo {
  digest: Digest;
  size: number;
}

export interface ContentReader {
  has(digest: Digest): Promise<boolean>;
  /** not-found when absent. */
  info(digest: Digest): Promise<BlobInfo>;
  /** Whole blob in memory: for manifests and configs, not layers. not-found when absent. */
  readBlob(digest: Digest): Promise<Buffer>;
  /** Stream a blob (layers). The stream errors with not-found when absent. */
  createReadStream(digest: Digest): Readable;
  list(): Promise<BlobInfo[]>;
}

export interface ContentWriter {
  /** Store bytes; returns a descriptor with `mediaType` (default application/octet-stream). */
  writeBlob(data: Buffer, expected?: Digest, mediaType?: string): Promise<Descriptor>;
  /** Store a stream without holding it in memory. */
  ingest(src: Readable, expected?: Digest, mediaType?: string): Promise<Descriptor>;
}

export interface ContentStore extends ContentReader, ContentWriter {
  /** not-found when absent. */
  delete(digest: Digest): Promise<void>;
}
