/**
 * Content store on the local filesystem: `<root>/blobs/sha256/<hex>`, written
 * through `<root>/ingest/` (temp file, verify, fsync, rename) so a blob is either
 * complete and verified or absent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errnoCode, invalidArgument, notFound } from '../errdefs/index.js';
import type { Descriptor } from '../oci/image.js';
import { encoded, isDigest, sha256, type Digest } from '../util/digest.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { BlobInfo, ContentStore } from './types.js';

const OCTET_STREAM = 'application/octet-stream';

export class LocalContentStore implements ContentStore {
  private readonly blobDir: string;
  private readonly ingestDir: string;

  constructor(root: string) {
    this.blobDir = join(root, 'blobs', 'sha256');
    this.ingestDir = join(root, 'ingest');
  }

  /** Partial blobs of ingests a killed daemon was writing: never renamed into place, so nothing points at them. */
  async removePartialIngests(): Promise<void> {
    await rm(this.ingestDir, { recursive: true, force: true });
  }

  /** Host path of a blob, for callers that hand files to other processes. */
  blobPath(digest: Digest): string {
    if (!isDigest(digest)) throw invalidArgument(`invalid digest: ${JSON.stringify(digest)}`);
    return join(this.blobDir, encoded(digest));
  }

  async has(digest: Digest): Promise<boolean> {
    try {
      await stat(this.blobPath(digest));
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  async info(digest: Digest): Promise<BlobInfo> {
    try {
      const st = await stat(this.blobPath(digest));
      return { digest, size: st.size };
    } catch (err) {
      throw mapMissing(err, digest);
    }
  }

  async readBlob(digest: Digest): Promise<Buffer> {
    try {
      return await readFile(this.blobPath(digest));
    } catch (err) {
      throw mapMissing(err, digest);
    }
  }

  createReadStream(digest: Digest): Readable {
    const path = this.blobPath(digest);
    // A generator lets the not-found error carry our kind instead of a raw ENOENT.
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of createReadStream(path)) yield chunk as Buffer;
      } catch (err) {
        throw mapMissing(err, digest);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async list(): Promise<BlobInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.blobDir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const out: BlobInfo[] = [];
    for (const name of names) {
      const digest = `sha256:${name}`;
      if (!isDigest(digest)) continue;
      try {
        out.push({ digest, size: (await stat(join(this.blobDir, name))).size });
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
      }
    }
    return out;
  }

  async writeBlob(data: Buffer, expected?: Digest, mediaType = OCTET_STREAM): Promise<Descriptor> {
    const digest = sha256(data);
    if (expected !== undefined && expected !== digest) throw mismatch(expected, digest);
    if (!(await this.has(digest))) await writeFileAtomic(this.blobPath(digest), data, 0o444);
    return { mediaType, digest, size: data.length };
  }

  async ingest(src: Readable, expected?: Digest, mediaType = OCTET_STREAM): Promise<Descriptor> {
    if (expected !== undefined && !isDigest(expected)) throw invalidArgument(`invalid digest: ${JSON.stringify(expected)}`);
    await mkdir(this.ingestDir, { recursive: true });
    const tmp = join(this.ingestDir, randomBytes(8).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        src,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tmp, { mode: 0o444 }),
      );
      const digest: Digest = `sha256:${hash.digest('hex')}`;
      if (expected !== undefined && expected !== digest) throw mismatch(expected, digest);
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await mkdir(this.blobDir, { recursive: true });
      await rename(tmp, this.blobPath(digest));
      return { mediaType, digest, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async delete(digest: Digest): Promise<void> {
    try {
      await unlink(this.blobPath(digest));
    } catch (err) {
      throw mapMissing(err, digest);
    }
  }
}

function mismatch(expected: Digest, actual: Digest): Error {
  return invalidArgument(`unexpected commit digest ${actual}, expected ${expected}: failed precondition`);
}

function mapMissing(err: unknown, digest: Digest): unknown {
  return errnoCode(err) === 'ENOENT' ? notFound(`content digest ${digest}: not found`, err) : err;
}
