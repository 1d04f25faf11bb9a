/**
 * Blob upload sessions. Bytes stream to `_uploads/<uuid>/data` while being
 * hashed; the running sha256 stays in memory between chunks (re-derived from
 * the file after a restart), so finishing an upload never re-reads the blob.
 * A chunk that fails half way is cut back off, leaving the session where it was.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readJsonIfExists, writeJsonAtomic } from '../../../util/atomic.js';
import type { Digest } from '../../../util/digest.js';
import { registryError } from '../errors.js';
import { syncFile, type BlobStore } from './blob-store.js';
import { KeyedLock } from '../../../util/lock.js';
import type { RegistryLayout } from './layout.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH_CACHE_LIMIT = 256;

export interface UploadStatus {
  uuid: string;
  name: string;
  /** Bytes received so far. */
  offset: number;
  startedAt: string;
}

interface UploadInfo {
  name: string;
  startedAt: string;
}

/** A chunk's placement, from Content-Range: inclusive on both ends. */
export interface ChunkRange {
  start: number;
  end: number;
}

interface RunningHash {
  hash: Hash;
  offset: number;
}

export class UploadStore {
  private readonly hashes = new Map<string, RunningHash>();
  private readonly locks = new KeyedLock();

  constructor(
    private readonly layout: RegistryLayout,
    private readonly blobs: BlobStore,
  ) {}

  async start(name: string): Promise<UploadStatus> {
    const uuid = randomUUID();
    const dir = this.layout.upload(uuid);
    await mkdir(dir, { recursive: true });
    await (await open(join(dir, 'data'), 'wx')).close();
    const info: UploadInfo = { name, startedAt: new Date().toISOString() };
    await writeJsonAtomic(join(dir, 'info.json'), info);
    this.remember(uuid, { hash: createHash('sha256'), offset: 0 });
    return { uuid, name, offset: 0, startedAt: info.startedAt };
  }

  async status(name: string, uuid: string): Promise<UploadStatus> {
    const info = UUID_RE.test(uuid) ? await readJsonIfExists<UploadInfo>(join(this.layout.upload(uuid), 'info.json')) : undefined;
    if (!info) throw registryError('BLOB_UPLOAD_UNKNOWN', { detail: { uuid } });
    if (info.name !== name) {
      throw registryError('BLOB_UPLOAD_INVALID', { message: `upload ${uuid} belongs to another repository`, detail: { uuid } });
    }
    const offset = (await stat(this.dataPath(uuid))).size;
    return { uuid, name, offset, startedAt: info.startedAt };
  }

  /** Append a chunk; `range`, when the client sent one, must start where the upload stands (else 416). */
  append(name: string, uuid: string, body: Readable, range?: ChunkRange): Promise<UploadStatus> {
    return this.locks.run(uuid, async () => this.appendLocked(await this.status(name, uuid), body, range));
  }

  /** Close the session: take the final chunk if any, verify the whole blob against `digest`, commit it. */
  complete(name: string, uuid: string, digest: Digest, body?: Readable, range?: ChunkRange): Promise<number> {
    return this.locks.run(uuid, async () => {
      let status = await this.status(name, uuid);
      if (body) status = await this.appendLocked(status, body, range);
      return this.commit(status, digest);
    });
  }

  /** A whole blob in one request (POST ?digest=): never visible as a resumable session. */
  async ingest(name: string, digest: Digest, body: Readable): Promise<number> {
    const uuid = randomUUID();
    await mkdir(this.layout.upload(uuid), { recursive: true });
    await (await open(this.dataPath(uuid), 'wx')).close();
    try {
      const status = await this.appendLocked({ uuid, name, offset: 0, startedAt: '' }, body);
      return await this.commit(status, digest);
    } finally {
      await this.drop(uuid);
    }
  }

  cancel(name: string, uuid: string): Promise<void> {
    return this.locks.run(uuid, async () => {
      await this.status(name, uuid);
      await this.drop(uuid);
    });
  }

  private dataPath(uuid: string): string {
    return join(this.layout.upload(uuid), 'data');
  }

  private async appendLocked(status: UploadStatus, body: Readable, range?: ChunkRange): Promise<UploadStatus> {
    if (range && range.start !== status.offset) {
      body.resume();
      throw registryError('BLOB_UPLOAD_INVALID', {
        status: 416,
        message: `chunk starts at ${range.start} but the upload has ${status.offset} bytes`,
        detail: { offset: status.offset },
      });
    }
    const data = this.dataPath(status.uuid);
    const hash = (await this.hashAt(status.uuid, data, status.offset)).copy();
    let written = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            written += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(data, { flags: 'r+', start: status.offset }),
      );
      if (range && written !== range.end - range.start + 1) {
        throw registryError('SIZE_INVALID', { message: `Content-Range ${range.start}-${range.end} but ${written} bytes were sent` });
      }
    } catch (err) {
      this.hashes.delete(status.uuid);
      await truncate(data, status.offset);
      throw err;
    }
    const offset = status.offset + written;
    this.remember(status.uuid, { hash, offset });
    return { ...status, offset };
  }

  private async commit(status: UploadStatus, digest: Digest): Promise<number> {
    const data = this.dataPath(status.uuid);
    const running = await this.hashAt(status.uuid, data, status.offset);
    this.hashes.delete(status.uuid);
    const actual = `sha256:${running.digest('hex')}`;
    if (actual !== digest) {
      await this.drop(status.uuid);
      throw registryError('DIGEST_INVALID', { detail: { expected: digest, actual } });
    }
    await syncFile(data);
    await this.blobs.adopt(data, digest);
    await this.blobs.link(status.name, digest);
    await this.drop(status.uuid);
    return status.offset;
  }

  private async hashAt(uuid: string, data: string, offset: number): Promise<Hash> {
    const cached = this.hashes.get(uuid);
    if (cached && cached.offset === offset) return cached.hash;
    const hash = createHash('sha256');
    if (offset > 0) for await (const chunk of createReadStream(data, { end: offset - 1 })) hash.update(chunk as Buffer);
    return hash;
  }

  /** Most recently used last, so eviction drops the session idle longest (it can be re-hashed from disk). */
  private remember(uuid: string, running: RunningHash): void {
    this.hashes.delete(uuid);
    this.hashes.set(uuid, running);
    if (this.hashes.size > HASH_CACHE_LIMIT) {
      const oldest = this.hashes.keys().next().value;
      if (oldest !== undefined) this.hashes.delete(oldest);
    }
  }

  private async drop(uuid: string): Promise<void> {
    this.hashes.delete(uuid);
    await rm(this.layout.upload(uuid), { recursive: true, force: true });
  }
}
