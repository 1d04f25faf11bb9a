/**
 * Copying host files into a build step's mounted root the way COPY does:
 * contents, modes and mtimes kept, owner root (or --chown), mode forced by
 * --chmod; directories merged into existing ones; fifos and devices made
 * anew (as Docker's tar copy does), never read.
 */
import { copyFile, lchown, lstat, lutimes, mkdir, readdir, readlink, rm, symlink, chmod, utimes, chown } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { mknodLike } from '../../archive/index.js';
import { errnoCode } from '../../errdefs/index.js';

export interface CopyAttrs {
  uid: number;
  gid: number;
  /** --chmod: applied to files and directories alike. */
  mode?: number;
}

/** mkdir -p for `path`, new directories 0755 and owned as `attrs` says. */
export async function makeParents(path: string, attrs: CopyAttrs): Promise<void> {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      if ((await lstat(p)).isDirectory() || p === dirname(p)) break;
      await rm(p, { force: true });
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    missing.unshift(p);
    if (p === dirname(p)) break;
  }
  for (const p of missing) {
    await mkdir(p, { mode: 0o755 });
    await chown(p, attrs.uid, attrs.gid);
  }
}

/** Copy `src` (file, symlink or directory: its contents) to `dst`, replacing a non-directory there. */
export async function copyTree(src: string, dst: string, attrs: CopyAttrs): Promise<void> {
  const st = await lstat(src);
  if (st.isDirectory()) {
    let existing;
    try {
      existing = await lstat(dst);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    if (existing && !existing.isDirectory()) await rm(dst, { force: true });
    if (!existing?.isDirectory()) await mkdir(dst);
    for (const name of await readdir(src)) await copyTree(join(src, name), join(dst, name), attrs);
    await chown(dst, attrs.uid, attrs.gid);
    await chmod(dst, attrs.mode ?? st.mode & 0o7777);
    await utimes(dst, st.atime, st.mtime);
    return;
  }
  await rm(dst, { recursive: true, force: true });
  if (st.isSymbolicLink()) {
    await symlink(await readlink(src), dst);
    await lchown(dst, attrs.uid, attrs.gid);
    await lutimes(dst, st.atime, st.mtime);
    return;
  }
  if (st.isFile()) await copyFile(src, dst, constants.COPYFILE_FICLONE);
  else if (!(await mknodLike(dst, st))) return;
  await chown(dst, attrs.uid, attrs.gid);
  await chmod(dst, attrs.mode ?? st.mode & 0o7777);
  await utimes(dst, st.atime, st.mtime);
}
