/**
 * `docker cp` (archive HEAD/GET/PUT) and `docker export`. The rootfs is
 * mounted for the duration (also for stopped containers) and every path is
 * resolved inside it, so symlinks in the container never reach the host.
 */
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extractArchive } from '../../archive/extract.js';
import { tarTree } from '../../archive/pack.js';
import { RootResolver } from '../../archive/secure-join.js';
import type { PathStat } from '../../apitypes/containers.js';
import { errnoCode, invalidArgument, notFound } from '../../errdefs/index.js';
import { resolveUser } from '../../runtime/user.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { baseFor, checkWritable, statInContainer } from './mount-paths.js';
import { containerPath } from './path-stat.js';
import { acquireRootfs, releaseRootfs, withRootfs } from './rootfs.js';

const log = logger('engine');

export function statPath(ctx: EngineContext, c: Container, ref: string, path: string): Promise<PathStat> {
  return withRootfs(ctx, c, async (root) => (await statInContainer(c, root, path, ref)).stat);
}

/**
 * Keep the rootfs mounted until the consumer has read (or dropped) the whole
 * stream. 'close' comes after the tar walk has closed its last file, where
 * 'end' may come before.
 */
function releaseWhenDone(ctx: EngineContext, c: Container, stream: Readable): Readable {
  stream.once('close', () => {
    releaseRootfs(ctx, c).catch((err: unknown) => log.warn('unmounting rootfs after an archive failed', { id: c.id, error: String(err) }));
  });
  return stream;
}

export async function getArchive(ctx: EngineContext, c: Container, ref: string, path: string): Promise<{ stat: PathStat; tar: Readable }> {
  const root = await acquireRootfs(ctx, c);
  try {
    const { host, stat } = await statInContainer(c, root, path, ref);
    const abs = containerPath(path);
    // A directory goes in under its own name; `dir/.` puts its contents at the top as `./…`.
    const name = abs.endsWith('/.') || abs === '/' ? '.' : posix.basename(abs);
    const tar = releaseWhenDone(ctx, c, tarTree(host, { name }));
    ctx.emit(c, 'archive-path');
    return { stat, tar };
  } catch (err) {
    await releaseRootfs(ctx, c);
    throw err;
  }
}

export async function putArchive(
  ctx: EngineContext,
  c: Container,
  ref: string,
  path: string,
  tar: Readable,
  opts: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean },
): Promise<void> {
  await withRootfs(ctx, c, async (root) => {
    const base = baseFor(c, root, path);
    const resolver = new RootResolver(base.root);
    // The destination may itself be a symlink to a directory: follow it, inside the root (or the volume).
    const dest = resolver.hostPath(await resolver.resolve(containerPath(base.inner), { followFinal: true }));
    const st = await lstat(dest).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') throw notFound(`Could not find the file ${path} in container ${ref}`);
      throw err;
    });
    if (!st.isDirectory()) throw invalidArgument('extraction point is not a directory');
    checkWritable(base);
    const user = c.record.Config.User;
    const owner = opts.copyUIDGID && user ? await resolveUser(root, user) : undefined;
    await extractArchive(tar, base.root, dest, { noOverwriteDirNonDir: opts.noOverwriteDirNonDir, ...(owner ? { owner: { uid: owner.uid, gid: owner.gid } } : {}) });
  });
  ctx.emit(c, 'extract-to-dir');
}

export async function exportContainer(ctx: EngineContext, c: Container): Promise<Readable> {
  const root = await acquireRootfs(ctx, c);
  const tar = releaseWhenDone(ctx, c, tarTree(root));
  ctx.emit(c, 'export');
  return tar;
}
