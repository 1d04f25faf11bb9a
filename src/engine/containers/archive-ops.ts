/**
 * `docker cp` (archive HEAD/GET/PUT) and `docker export`. The rootfs is
 * mounted for the duration (also for stopped containers) and every path is
 * resolved inside it on directory fds (archive/confined-root.ts), so neither
 * the container's symlinks nor its concurrent renames ever reach the host.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { ConfinedRoot } from '../../archive/index.js';
import { extractInto } from '../../archive/index.js';
import { tarTree } from '../../archive/index.js';
import type { PathStat } from '../../apitypes/containers.js';
import { errnoCode, invalidArgument, notFound } from '../../errdefs/index.js';
import { resolveUserFromFiles } from '../../runtime/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { checkWritable, openBase, statInContainer } from './mount-paths.js';
import { containerPath } from './path-stat.js';
import { acquireRootfs, releaseRootfs, withRootfs } from './rootfs.js';

const log = logger('engine');

export function statPath(ctx: EngineContext, c: Container, ref: string, path: string): Promise<PathStat> {
  return withRootfs(ctx, c, async (rootfs) => {
    const { base, root } = await openBase(c, rootfs, path);
    try {
      const { at, stat } = await statInContainer(base, root, path, ref);
      await at.close();
      return stat;
    } finally {
      await root.close();
    }
  });
}

/**
 * Keep the rootfs mounted until the consumer has read (or dropped) the whole
 * stream. 'close' comes after the tar walk has closed its last file, where
 * 'end' may come before.
 */
function releaseWhenDone(ctx: EngineContext, c: Container, stream: Readable, before: () => Promise<void> = async () => undefined): Readable {
  stream.once('close', () => {
    before()
      .then(() => releaseRootfs(ctx, c))
      .catch((err: unknown) => log.warn('unmounting rootfs after an archive failed', { id: c.id, error: String(err) }));
  });
  return stream;
}

export async function getArchive(ctx: EngineContext, c: Container, ref: string, path: string): Promise<{ stat: PathStat; tar: Readable }> {
  const rootfs = await acquireRootfs(ctx, c);
  try {
    const { base, root } = await openBase(c, rootfs, path);
    // The walk works below the located directory fd; the root itself is done with.
    const { at, stat } = await statInContainer(base, root, path, ref).finally(() => root.close());
    const abs = containerPath(path);
    // A directory goes in under its own name; `dir/.` puts its contents at the top as `./…`.
    const name = abs.endsWith('/.') || abs === '/' ? '.' : posix.basename(abs);
    const tar = releaseWhenDone(ctx, c, tarTree({ dir: at.dir, name: at.name }, { name }), () => at.close());
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
  await withRootfs(ctx, c, async (rootfs) => {
    const { base, root } = await openBase(c, rootfs, path);
    try {
      const missing = (err: unknown): never => {
        if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') throw notFound(`Could not find the file ${path} in container ${ref}`);
        throw err;
      };
      // The destination may itself be a symlink to a directory: follow it, inside the root (or the volume).
      const dest = await root.locate(containerPath(base.inner), { followFinal: true }).catch(missing);
      try {
        const st = await root.lstat(dest).catch(missing);
        if (!st.isDirectory()) throw invalidArgument('extraction point is not a directory');
      } finally {
        await dest.close();
      }
      checkWritable(base);
      const user = c.record.Config.User;
      const owner = opts.copyUIDGID && user ? await userIn(rootfs, user) : undefined;
      await extractInto(tar, root, dest.path, { noOverwriteDirNonDir: opts.noOverwriteDirNonDir, ...(owner ? { owner: { uid: owner.uid, gid: owner.gid } } : {}) });
    } finally {
      await root.close();
    }
  });
  ctx.emit(c, 'extract-to-dir');
}

/** The container's user from its own /etc/passwd and /etc/group, read inside its root. */
async function userIn(rootfs: string, user: string): Promise<{ uid: number; gid: number }> {
  const root = await ConfinedRoot.open(rootfs);
  try {
    const [passwd, group] = await Promise.all([root.readFile('/etc/passwd'), root.readFile('/etc/group')]);
    return resolveUserFromFiles(user, passwd?.toString('utf8'), group?.toString('utf8'));
  } finally {
    await root.close();
  }
}

export async function exportContainer(ctx: EngineContext, c: Container): Promise<Readable> {
  const root = await acquireRootfs(ctx, c);
  const tar = releaseWhenDone(ctx, c, tarTree(root));
  ctx.emit(c, 'export');
  return tar;
}
