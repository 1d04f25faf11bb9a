/**
 * Blob bytes, shared by every repository and stored once, plus the per-repository
 * links that say a repository may serve a blob (it was pushed or mounted there).
 * A blob appears under its digest only by rename of a file already verified and
 * synced, so a crash never leaves a torn blob behind a valid name.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../../../util/atomic.js';
import { errnoCode } from '../../../errdefs/index.js';
import type { Digest } from '../../../util/digest.js';
import type { RegistryLayout } from './layout.js';

/** Size of a regular file, undefined when absent. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

export async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
    throw err;
  }
}

export class BlobStore {
  constructor(private readonly layout: RegistryLayout) {}

  path(digest: Digest): string {
    return this.layout.blob(digest);
  }

  size(digest: Digest): Promise<number | undefined> {
    return fileSize(this.layout.blob(digest));
  }

  async isLinked(name: string, digest: Digest): Promise<boolean> {
    return (await fileSize(this.layout.layerLink(name, digest))) !== undefined;
  }

  /** The blob's size when `name` may serve it, else undefined. */
  async sizeIn(name: string, digest: Digest): Promise<number | undefined> {
    if (!(await this.isLinked(name, digest))) return undefined;
    return this.size(digest);
  }

  async link(name: string, digest: Digest): Promise<void> {
    const link = this.layout.layerLink(name, digest);
    if ((await fileSize(link)) !== undefined) return;
    await writeFileAtomic(link, digest);
  }

  unlink(name: string, digest: Digest): Promise<boolean> {
    return removeIfExists(this.layout.layerLink(name, digest));
  }

  /**
   * Take a verified, synced file in as the blob `digest`. When the blob is
   * already there (another upload of the same bytes won) the file is dropped.
   */
  async adopt(file: string, digest: Digest): Promise<void> {
    const target = this.layout.blob(digest);
    if ((await fileSize(target)) !== undefined) {
      await rm(file, { force: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(file, target);
    await fsyncDir(dirname(target));
  }

  /** Small blobs held in memory (manifests), written through the atomic helper. */
  async putBytes(digest: Digest, data: Buffer): Promise<void> {
    const target = this.layout.blob(digest);
    if ((await fileSize(target)) === data.length) return;
    await writeFileAtomic(target, data);
  }

  async remove(digest: Digest): Promise<boolean> {
    return removeIfExists(this.layout.blob(digest));
  }
}
