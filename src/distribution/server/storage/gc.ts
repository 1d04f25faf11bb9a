/**
 * Garbage collection, offline or on a read-only registry: mark every blob a
 * manifest revision of any repository references (the manifest itself, its
 * config and layers), then sweep the rest, and the repository links to swept
 * blobs. Blobs younger than the grace period are kept, so a push that has
 * uploaded layers but not yet its manifest survives a collection run beside it.
 * Abandoned upload sessions older than their own limit are removed too.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isDigest, type Digest } from '../../../util/digest.js';
import { errnoCode } from '../../../errdefs/index.js';
import { logger } from '../../../util/logger.js';
import { BlobStore, removeIfExists } from './blob-store.js';
import { listRepositories } from './catalog.js';
import { RegistryLayout } from './layout.js';
import { listDir, ManifestStore } from './manifest-store.js';

const log = logger('registry-gc');

export interface GcOptions {
  /** Report what would go, remove nothing. */
  dryRun?: boolean;
  /** Blobs modified within this many milliseconds are kept (default one hour). */
  gracePeriodMs?: number;
  /** Upload sessions untouched for this long are removed (default one week). */
  uploadMaxAgeMs?: number;
  now?: Date;
}

export interface GcReport {
  dryRun: boolean;
  marked: number;
  deleted: Digest[];
  freedBytes: number;
  uploadsRemoved: string[];
}

const HOUR = 3_600_000;

async function mtimeMs(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function mark(manifests: ManifestStore, repos: string[]): Promise<Set<Digest>> {
  const marked = new Set<Digest>();
  for (const name of repos) {
    for (const revision of await manifests.revisions(name)) {
      marked.add(revision.digest);
      try {
        const parsed = await manifests.parse(revision);
        for (const d of [...parsed.blobs, ...parsed.manifests]) marked.add(d);
      } catch (err) {
        // A revision whose blob is gone or unreadable references nothing we can know; keep going.
        log.warn('skipping unreadable manifest', { repository: name, digest: revision.digest, error: (err as Error).message });
      }
    }
  }
  return marked;
}

export async function gc(root: string, opts: GcOptions = {}): Promise<GcReport> {
  const layout = new RegistryLayout(root);
  const blobs = new BlobStore(layout);
  const manifests = new ManifestStore(layout, blobs);
  const dryRun = opts.dryRun ?? false;
  const now = (opts.now ?? new Date()).getTime();
  const keepAfter = now - (opts.gracePeriodMs ?? HOUR);
  const repos = await listRepositories(layout);
  const marked = await mark(manifests, repos);

  const report: GcReport = { dryRun, marked: marked.size, deleted: [], freedBytes: 0, uploadsRemoved: [] };
  for (const hex of (await listDir(layout.blobsDir)).sort()) {
    const digest = `sha256:${hex}`;
    if (!isDigest(digest) || marked.has(digest)) continue;
    const path = layout.blob(digest);
    const [mtime, size] = [await mtimeMs(path), await blobs.size(digest)];
    if (mtime === undefined || size === undefined || mtime > keepAfter) continue;
    report.deleted.push(digest);
    report.freedBytes += size;
    if (!dryRun) await blobs.remove(digest);
  }
  if (!dryRun) {
    const swept = new Set(report.deleted);
    for (const name of repos) {
      for (const hex of await listDir(layout.layersDir(name))) {
        const digest = `sha256:${hex}`;
        if (isDigest(digest) && swept.has(digest)) await removeIfExists(layout.layerLink(name, digest));
      }
    }
  }

  const uploadsBefore = now - (opts.uploadMaxAgeMs ?? 7 * 24 * HOUR);
  for (const uuid of await listDir(layout.uploadsDir)) {
    // The data file's mtime moves with every chunk; the directory's only when the session starts.
    const mtime = (await mtimeMs(join(layout.upload(uuid), 'data'))) ?? (await mtimeMs(layout.upload(uuid)));
    if (mtime === undefined || mtime > uploadsBefore) continue;
    report.uploadsRemoved.push(uuid);
    if (!dryRun) await rm(layout.upload(uuid), { recursive: true, force: true });
  }
  return report;
}
