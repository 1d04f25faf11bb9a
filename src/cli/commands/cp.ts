import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, posix, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getContainerArchive, putContainerArchive, statContainerPath } from '../../client/containers.js';
import { isApiError } from '../../client/errors.js';
import { errnoCode } from '../../errdefs/index.js';
import type { Command, CommandContext } from '../lib/command.js';
import { planCopy, splitCpArg, splitPathDirEntry, type DestInfo } from '../lib/cp-plan.js';
import { StatusError } from '../lib/errors.js';
import { extractToHost } from '../lib/host-tar-extract.js';
import { tarHostPath } from '../lib/host-tar-pack.js';
import { rebaseTar } from '../lib/tar-rebase.js';
import { humanSize } from '../../util/units.js';

/**
 * The kind of file a path stat names. The daemon sends Go's os.FileMode (as
 * docker's does: directory bit 1<<31, symlink bit 1<<27); a unix st_mode,
 * always below 1<<16, is understood too.
 */
function fileKind(mode: number): 'dir' | 'symlink' | 'other' {
  if (mode >= 2 ** 16) {
    if (Math.floor(mode / 2 ** 31) % 2 === 1) return 'dir';
    return Math.floor(mode / 2 ** 27) % 2 === 1 ? 'symlink' : 'other';
  }
  const format = mode & 0o170000;
  return format === 0o040000 ? 'dir' : format === 0o120000 ? 'symlink' : 'other';
}

/** Counts the bytes going through, for "Successfully copied". */
function counter(): { stream: PassThrough; bytes: () => number } {
  let n = 0;
  const stream = new PassThrough();
  stream.on('data', (b: Buffer) => (n += b.length));
  return { stream, bytes: () => n };
}

async function localDest(path: string): Promise<DestInfo> {
  try {
    const st = await stat(path);
    return { path, exists: true, isDir: st.isDirectory() };
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
    const parent = dirname(resolve(path));
    try {
      await stat(parent);
    } catch {
      throw new StatusError(1, `lstat ${parent}: no such file or directory`);
    }
    return { path, exists: false, isDir: false };
  }
}

async function copyFromContainer(ctx: CommandContext, container: string, srcPath: string, dst: string, o: { followLink: boolean; quiet: boolean }): Promise<void> {
  let path = srcPath;
  if (o.followLink) {
    const st = await statContainerPath(ctx.client, container, path);
    if (st && fileKind(st.mode) === 'symlink') path = st.linkTarget.startsWith('/') ? st.linkTarget : posix.join(posix.dirname(path), st.linkTarget);
  }
  if (dst === '-') {
    const { tar } = await getContainerArchive(ctx.client, container, path);
    await pipeline(tar, ctx.stdout, { end: false });
    return;
  }
  const dest = await localDest(dst);
  const { tar, stat: srcStat } = await getContainerArchive(ctx.client, container, path);
  const srcBase = splitPathDirEntry(path).base;
  const plan = planCopy({ base: srcBase, isDir: srcStat ? fileKind(srcStat.mode) === 'dir' : false }, dest);
  const count = counter();
  const source = plan.name !== undefined && plan.name !== srcBase ? rebaseTar(tar.pipe(count.stream), srcBase, plan.name) : tar.pipe(count.stream);
  await extractToHost(source, resolve(plan.dir));
  if (!o.quiet && ctx.stderr.isTTY) ctx.stderr.write(`Successfully copied ${humanSize(count.bytes())} to ${dst}\n`);
}

async function containerDest(ctx: CommandContext, container: string, path: string): Promise<DestInfo> {
  let st;
  try {
    st = await statContainerPath(ctx.client, container, path);
    if (st && fileKind(st.mode) === 'symlink') {
      const target = st.linkTarget.startsWith('/') ? st.linkTarget : posix.join(splitPathDirEntry(path).dir, st.linkTarget);
      path = target;
      st = await statContainerPath(ctx.client, container, target);
    }
  } catch (err) {
    // A missing path is fine: the copy creates it, if its parent exists.
    if (!(isApiError(err) && err.statusCode === 404)) throw err;
    st = undefined;
  }
  return { path, exists: st !== undefined, isDir: st !== undefined && fileKind(st.mode) === 'dir' };
}

async function copyToContainer(ctx: CommandContext, src: string, container: string, dstPath: string, o: { followLink: boolean; copyUIDGID: boolean; quiet: boolean }): Promise<void> {
  const dest = await containerDest(ctx, container, dstPath);
  const options = { noOverwriteDirNonDir: true, copyUIDGID: o.copyUIDGID };
  if (src === '-') {
    if (!dest.isDir) throw new StatusError(1, `destination "${container}:${dstPath}" must be a directory`);
    await putContainerArchive(ctx.client, container, dest.path, ctx.stdin, options);
    return;
  }
  let srcStat;
  try {
    srcStat = await (o.followLink ? stat(src) : lstat(src));
  } catch {
    throw new StatusError(1, `lstat ${resolve(src)}: no such file or directory`);
  }
  const { base } = splitPathDirEntry(src);
  const contentsOnly = base === '.';
  const plan = planCopy({ base, isDir: srcStat.isDirectory() }, dest);
  const tarSource = o.followLink ? await realpath(src) : resolve(src);
  // Without a name the directory's children go in unprefixed: `dir/.` into an existing directory.
  const name = plan.name ?? (contentsOnly ? undefined : basename(resolve(src)));
  const count = counter();
  await putContainerArchive(ctx.client, container, plan.dir, tarHostPath(tarSource, name).pipe(count.stream), options);
  if (!o.quiet && ctx.stderr.isTTY) ctx.stderr.write(`Successfully copied ${humanSize(count.bytes())} to ${container}:${dstPath}\n`);
}

export const command: Command = {
  name: 'cp',
  usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\twharf cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  description: 'Copy files/folders between a container and the local filesystem',
  minArgs: 2,
  maxArgs: 2,
  flags: [
    { name: 'archive', short: 'a', type: 'bool', description: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', type: 'bool', description: 'Always follow symbol link in SRC_PATH' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  async run(ctx, flags, [srcArg = '', dstArg = '']) {
    const src = splitCpArg(srcArg);
    const dst = splitCpArg(dstArg);
    if (src.container !== undefined && dst.container !== undefined) throw new StatusError(1, 'copying between containers is not supported');
    if (src.container === undefined && dst.container === undefined) throw new StatusError(1, 'must specify at least one container source');
    const followLink = flags.bool('follow-link');
    const quiet = flags.bool('quiet');
    if (src.container !== undefined) {
      if (src.path === '') throw new StatusError(1, 'source can not be empty');
      await copyFromContainer(ctx, src.container, src.path, dst.path, { followLink, quiet });
    } else {
      if (dst.path === '') throw new StatusError(1, 'destination can not be empty');
      await copyToContainer(ctx, src.path, dst.container!, dst.path, { followLink, copyUIDGID: flags.bool('archive'), quiet });
    }
  },
};
