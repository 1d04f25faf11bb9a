/**
 * What a daemon killed in the middle of a build leaves behind: RUN
 * containers, mounted step roots, active `build-*` snapshots. None of it
 * can be resumed, so the next start removes it.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { unmount } from '../../snapshots/index.js';
import { logger } from '../../util/logger.js';
import type { BuilderDeps } from './deps.js';

const log = logger('builder');

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

export async function recoverInterruptedBuilds(deps: BuilderDeps): Promise<void> {
  const bundles = join(deps.execRoot, 'bundles');
  for (const id of await names(bundles)) {
    await deps.runtime.delete(id, { force: true }).catch((err: unknown) => log.warn('removing a build container failed', { id, error: String(err) }));
    await rm(join(bundles, id), { recursive: true, force: true });
  }
  const mnt = join(deps.execRoot, 'mnt');
  for (const m of await names(mnt)) {
    await unmount(join(mnt, m));
    await rm(join(mnt, m), { recursive: true, force: true });
  }
  const stale = (await deps.snapshots.list()).filter((s) => s.key.startsWith('build-') && s.kind !== 'committed');
  for (const s of stale) await deps.snapshots.remove(s.key).catch((err: unknown) => log.warn('removing a build snapshot failed', { key: s.key, error: String(err) }));
}
