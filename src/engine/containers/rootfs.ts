/**
 * The container's root filesystem mounted at `<execRoot>/bundles/<id>/rootfs`:
 * while it runs, and briefly for archive operations on a stopped container.
 * Users are counted so a `docker cp` during a run never unmounts under it.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isKind } from '../../errdefs/index.js';
import { mountAll, unmount } from '../../snapshots/index.js';
import type { Mount } from '../../snapshots/index.js';
import { volatileMounts } from '../../snapshots/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import type { ContainerRun } from './run.js';

const execFileAsync = promisify(execFile);
const log = logger('engine');

/** Mount (when nobody has) and count one user; returns the mount point. */
export async function acquireRootfs(ctx: EngineContext, c: Container): Promise<string> {
  const target = ctx.rootfsDir(c.id);
  await c.rootfs.acquire(async () => {
    await mkdir(target, { recursive: true });
    await mountRootfs(await ctx.deps.snapshots.mounts(c.record.SnapshotKey), target, c.record.HostConfig.AutoRemove === true);
  });
  return target;
}

/** The run's own lease on the rootfs, released when the run ends. */
export async function acquireRootfsForRun(ctx: EngineContext, c: Container, run: ContainerRun): Promise<string> {
  const target = await acquireRootfs(ctx, c);
  run.hold('rootfs', () => releaseRootfs(ctx, c));
  return target;
}

/** A `--rm` container's layer dies with it: mount it volatile (no sync at unmount), plainly on kernels without that option. */
async function mountRootfs(mounts: Mount[], target: string, autoRemove: boolean): Promise<void> {
  if (autoRemove) {
    try {
      return await mountAll(await volatileMounts(mounts), target);
    } catch (err) {
      log.debug('volatile rootfs mount failed; mounting it plainly', { target, error: String(err) });
    }
  }
  await mountAll(mounts, target);
}

const BUSY_RETRIES = 25;
const BUSY_DELAY_MS = 20;

/**
 * A file a reader just finished with may still be open for a moment (a read
 * stream closes its fd after 'end'): retry a busy unmount briefly.
 */
async function unmountPatiently(target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await unmount(target);
    } catch (err) {
      if (!isKind(err, 'unavailable') || attempt >= BUSY_RETRIES) throw err;
      await new Promise((r) => setTimeout(r, BUSY_DELAY_MS));
    }
  }
}

/** Drop one user; unmount when it was the last. */
export function releaseRootfs(ctx: EngineContext, c: Container): Promise<void> {
  return c.rootfs.release(() => unmountPatiently(ctx.rootfsDir(c.id)));
}

/**
 * Removal: unmount whatever users remain. A reader that went away without
 * closing its files (a client dropping an export midway) must not make the
 * container unremovable, so a mount that stays busy is detached lazily; the
 * kernel frees it when the last file closes.
 */
export function forceReleaseRootfs(ctx: EngineContext, c: Container): Promise<void> {
  const target = ctx.rootfsDir(c.id);
  return c.rootfs.releaseAll(async () => {
    if ((await mountsUnder(target)).length > 0) {
      await unmountPatiently(target).catch(() => execFileAsync('umount', ['-l', target]));
    }
  });
}

/** A running container re-adopted after a daemon restart already has its rootfs mounted: its run holds it. */
export function adoptRootfs(ctx: EngineContext, c: Container, run: ContainerRun): void {
  c.rootfs.adopt();
  run.hold('rootfs', () => releaseRootfs(ctx, c));
}

/** Run fn with the rootfs mounted, whether or not the container runs. */
export async function withRootfs<T>(ctx: EngineContext, c: Container, fn: (root: string) => Promise<T>): Promise<T> {
  const root = await acquireRootfs(ctx, c);
  try {
    return await fn(root);
  } finally {
    await releaseRootfs(ctx, c);
  }
}

/** Mount points (from /proc/self/mountinfo) at or under dir: leftovers of a daemon that died. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return info
    .split('\n')
    .map((line) => unescape(line.split(' ')[4] ?? ''))
    .filter((p) => p === dir || p.startsWith(dir + '/'));
}
