/**
 * Unpacks a tar from a container (`cp` out) into a host directory, confined
 * to it: names with `..` or a leading `/` stay inside, nothing is written
 * through a symlink (an archive's `a -> /etc` then `a/passwd` is refused),
 * hard links must point inside; a directory never replaces a non-directory or
 * the reverse. Owners are left as the extracting user's, as docker cp does.
 */
import { createWriteStream } from 'node:fs';
import { chmod, link, lstat, lutimes, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { invalidArgument } from '../../errdefs/index.js';

/** The entry's path relative to the root, or undefined for the root itself. */
function relativeName(name: string): string | undefined {
  const n = posix.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '');
  return n === '' || n === '.' ? undefined : n;
}

async function lstatOrUndefined(path: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** Refuses a path whose parents (below root) include a symlink or a non-directory. */
async function checkParents(root: string, rel: string): Promise<void> {
  const parts = rel.split('/').slice(0, -1);
  let p = root;
  for (const part of parts) {
    p = join(p, part);
    const st = await lstatOrUndefined(p);
    if (st === undefined) {
      await mkdir(p);
    } else if (st.isSymbolicLink()) {
      throw invalidArgument(`refusing to extract ${rel}: ${p} is a symlink`);
    } else if (!st.isDirectory()) {
      throw invalidArgument(`cannot extract ${rel}: ${p} is not a directory`);
    }
  }
}

export async function extractToHost(source: NodeJS.ReadableStream, root: string): Promise<void> {
  const extract = tar.extract();
  const dirTimes: Array<[string, Date]> = [];
  const done = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = relativeName(h.name);
      if (rel === undefined) {
        entry.resume();
        continue;
      }
      await checkParents(root, rel);
      const target = join(root, rel);
      const existing = await lstatOrUndefined(target);
      const isDir = h.type === 'directory';
      if (existing && existing.isDirectory() !== isDir) {
        throw invalidArgument(isDir ? `cannot overwrite non-directory "${target}" with directory "${rel}"` : `cannot overwrite directory "${target}" with non-directory "${rel}"`);
      }
      const mode = h.mode & 0o7777;
      switch (h.type) {
        case 'directory':
          if (!existing) await mkdir(target);
          await chmod(target, mode);
          dirTimes.push([target, h.mtime]);
          entry.resume();
          continue;
        case 'file':
        case 'contiguous-file':
          if (existing) await rm(target);
          await pipeline(entry, createWriteStream(target, { flags: 'wx', mode }));
          await chmod(target, mode);
          await utimes(target, h.mtime, h.mtime);
          continue;
        case 'symlink':
          if (existing) await rm(target);
          await symlink(h.linkname, target);
          await lutimes(target, h.mtime, h.mtime);
          break;
        case 'link': {
          const linkRel = relativeName(h.linkname);
          if (linkRel === undefined) throw invalidArgument(`invalid hard link ${rel} -> ${h.linkname}`);
          await checkParents(root, linkRel);
          if (existing) await rm(target);
          await link(join(root, linkRel), target);
          break;
        }
        default:
          // Devices and fifos cannot be made here without mknod; docker cp skips what it cannot create as a user too.
          break;
      }
      entry.resume();
    }
  })();
  await Promise.all([pipeline(source, extract), done]);
  // Directory mtimes last: creating their children changed them.
  for (const [dir, mtime] of dirTimes.reverse()) await utimes(dir, mtime, mtime);
}
