/**
 * One blob from a registry into the content store, streamed (never whole in
 * memory) and verified by the store against its digest. A connection that
 * breaks mid-blob is resumed where it stopped with a Range request, so the
 * bytes already received are neither fetched nor hashed twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import type { ContentWriter } from '../../content/index.js';
import { errnoCode, invalidArgument, isInvalidArgument, unavailable } from '../../errdefs/index.js';
import type { Descriptor } from '../../oci/image.js';
import { logger } from '../../util/logger.js';
import { isRemoteError } from './remote-error.js';
import type { RemoteRepository } from './repository.js';

const log = logger('distribution');
/** moby retries a layer download 5 times. */
const MAX_RETRIES = 5;
const BACKOFF_MS = 200;

export interface DownloadHooks {
  /** Bytes received so far (of `desc.size`). */
  onBytes?(received: number): void;
  /** Every byte is in; the store is checking the digest. */
  onVerifying?(): void;
  signal?: AbortSignal;
}

class ShortRead extends Error {
  readonly code = 'ESHORTREAD';
}

/** Whether another attempt may succeed: the connection failed or the registry was briefly unwell. */
export function isTransient(err: unknown): boolean {
  if (err instanceof Error && err.name === 'AbortError') return false;
  if (isRemoteError(err)) return err.status === 429 || err.status >= 500;
  const code = errnoCode(err);
  // errno-style socket codes (ECONNRESET, ETIMEDOUT, EPROTO…) and a stream cut short; not Node's ERR_* programming errors.
  return code !== undefined && (/^E[A-Z]+$/.test(code) || code === 'ERR_STREAM_PREMATURE_CLOSE');
}

/** A connection failure that outlived the retries, as an unavailable error naming the transfer; other errors as they are. */
export function connectionError(err: unknown, what: string): unknown {
  if (!isTransient(err) || isRemoteError(err)) return err;
  return unavailable(`${what}: ${err instanceof Error ? err.message : String(err)}`, err);
}

export async function downloadBlob(repo: RemoteRepository, content: ContentWriter, desc: Descriptor, hooks: DownloadHooks = {}): Promise<void> {
  try {
    await content.ingest(Readable.from(resumableBody(repo, desc, hooks)), desc.digest, desc.mediaType);
  } catch (err) {
    // The store's mismatch error names its temp commit; Docker's words name the layer.
    if (isInvalidArgument(err)) throw invalidArgument(`filesystem layer verification failed for digest ${desc.digest}`, err);
    throw connectionError(err, `downloading ${desc.digest}`);
  }
}

async function* resumableBody(repo: RemoteRepository, desc: Descriptor, hooks: DownloadHooks): AsyncGenerator<Buffer> {
  let received = 0;
  for (let failures = 0; ; ) {
    try {
      const res = await repo.blob(desc.digest, received, hooks.signal);
      // A registry that ignores Range sends the whole blob again: skip what we have.
      let skip = received > 0 && res.statusCode === 200 ? received : 0;
      for await (const raw of res as AsyncIterable<Buffer>) {
        let chunk = raw;
        if (skip > 0) {
          const n = Math.min(skip, chunk.length);
          skip -= n;
          chunk = chunk.subarray(n);
          if (chunk.length === 0) continue;
        }
        if (received + chunk.length > desc.size) throw invalidArgument(`blob ${desc.digest} is larger than the ${desc.size} bytes its descriptor says`);
        received += chunk.length;
        hooks.onBytes?.(received);
        yield chunk;
      }
      if (received < desc.size) throw new ShortRead(`blob ${desc.digest}: connection closed after ${received} of ${desc.size} bytes`);
      hooks.onVerifying?.();
      return;
    } catch (err) {
      if (!isTransient(err) || ++failures > MAX_RETRIES || hooks.signal?.aborted) throw err;
      log.info('blob download interrupted, resuming', { digest: desc.digest, received, size: desc.size, error: err instanceof Error ? err.message : String(err) });
      await sleep(BACKOFF_MS * failures, undefined, { signal: hooks.signal });
    }
  }
}
