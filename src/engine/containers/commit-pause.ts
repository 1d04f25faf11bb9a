/**
 * `commit --pause` freezes a running container for the copy. The intent is written
 * to the container's directory before the freeze, so a daemon killed mid-commit
 * thaws it at the next start; a container the user paused has no marker and stays paused.
 */
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';

const MARKER = 'paused-for-commit';

function markerPath(ctx: EngineContext, c: Container): string {
  return join(ctx.store.dir(c.id), MARKER);
}

export function markPausedForCommit(ctx: EngineContext, c: Container): Promise<void> {
  return writeFileAtomic(markerPath(ctx, c), '', 0o600, 'full');
}

export function clearPausedForCommit(ctx: EngineContext, c: Container): Promise<void> {
  return rm(markerPath(ctx, c), { force: true });
}

/** At daemon start: whether a commit that never finished paused this container. */
export function pausedForCommit(ctx: EngineContext, c: Container): Promise<boolean> {
  return access(markerPath(ctx, c)).then(
    () => true,
    () => false,
  );
}
