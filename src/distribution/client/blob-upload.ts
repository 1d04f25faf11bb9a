/**
 * One blob from the content store to a repository, the way Docker pushes: skip
 * it if the repository has it (HEAD), else try to mount it from a repository of
 * the same registry that has it, else upload it streamed from disk: in one PUT
 * when small, in PATCH chunks when large. A transient failure restarts the blob
 * (moby retries a layer push 5 times).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContentReader } from '../../content/index.js';
import type { Descriptor } from '../../oci/image.js';
import { logger } from '../../util/logger.js';
import { connectionError, isTransient } from './blob-download.js';
import { BlobReader } from './blob-reader.js';
import type { RemoteRepository } from './repository.js';

const log = logger('distribution');
const MAX_RETRIES = 5;
const BACKOFF_MS = 200;

export type UploadOutcome = { kind: 'exists' } | { kind: 'mounted'; from: string } | { kind: 'pushed' };

export interface UploadOptions {
  /** Repository paths on the same registry that hold the blob. */
  mountFrom: readonly string[];
  /** Blobs up to this size go in one PUT; larger ones in PATCHes of this size. */
  chunkSize: number;
  /** The push has started sending bytes (Docker's `Pushing` begins). */
  onBytes?(sent: number): void;
  signal?: AbortSignal;
}

export async function uploadBlob(repo: RemoteRepository, content: ContentReader, desc: Descriptor, opts: UploadOptions): Promise<UploadOutcome> {
  for (let failures = 0; ; ) {
    try {
      return await uploadOnce(repo, content, desc, opts);
    } catch (err) {
      if (!isTransient(err) || ++failures > MAX_RETRIES || opts.signal?.aborted) throw connectionError(err, `uploading ${desc.digest}`);
      log.info('blob upload failed, retrying', { digest: desc.digest, error: err instanceof Error ? err.message : String(err) });
      await sleep(BACKOFF_MS * failures, undefined, { signal: opts.signal });
    }
  }
}

async function uploadOnce(repo: RemoteRepository, content: ContentReader, desc: Descriptor, opts: UploadOptions): Promise<UploadOutcome> {
  if ((await repo.blobSize(desc.digest, opts.signal)) !== undefined) return { kind: 'exists' };
  let location: URL | undefined;
  for (const from of opts.mountFrom) {
    location = await repo.mount(desc.digest, from, opts.signal);
    if (location === undefined) return { kind: 'mounted', from };
    // The registry opened an ordinary upload instead; use it rather than opening another.
    break;
  }
  location ??= await repo.startUpload(opts.signal);
  const reader = new BlobReader(content, desc, opts.onBytes);
  if (desc.size <= opts.chunkSize) {
    await repo.finishUpload(location, desc.digest, desc.size, () => reader.slice(0, desc.size), opts.signal);
    return { kind: 'pushed' };
  }
  for (let offset = 0; offset < desc.size; offset += opts.chunkSize) {
    const start = offset;
    const length = Math.min(opts.chunkSize, desc.size - offset);
    location = await repo.patchUpload(location, start, length, () => reader.slice(start, length), opts.signal);
  }
  await repo.finishUpload(location, desc.digest, 0, undefined, opts.signal);
  return { kind: 'pushed' };
}
