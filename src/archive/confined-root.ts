/**
 * Path resolution inside a root its owner may change concurrently, as
 * openat2(RESOLVE_IN_ROOT) does: one component at a time on directory fds,
 * never re-resolving a path from a string, `..` popping our own stack of fds
 * (never above the root), symlinks read and resolved here (absolute targets
 * restart at the root). Whatever the tree does meanwhile, every name used
 * lies in a directory reached from the root.
 */
import { readFile, type BigIntStats } from 'node:fs';
import { lstat, mkdir, readlink, stat } from 'node:fs/promises';
import { errnoCode } from '../errdefs/index.js';
import { promisify } from 'node:util';
import { closeQuietly, errnoError, fdPath, lstatAt, openDirAt, openSameFile, openTrustedDir } from './fd.js';

const readFd = promisify(readFile);

/** Linux's limit on symlinks followed in one resolution. */
const MAX_SYMLINKS = 40;
/** More directories than any path within PATH_MAX can have. */
const MAX_CREATES = 4096;

export interface LocateOptions {
  /** Follow a symlink in the last component too (a directory the caller will work in). */
  followFinal?: boolean;
  /** Create missing directories (mode 0755) along the way, the last one too. */
  create?: boolean;
}

/**
 * Where a path ended: `name` in directory fd `dir`, or the directory itself
 * when `name` is ''. `dir` belongs to the location: close it.
 */
export interface Location {
  dir: number;
  name: string;
  /** Root-relative path resolved ('' for the root), for reporting a link's target. */
  path: string;
  close(): Promise<void>;
}

export class ConfinedRoot {
  private constructor(readonly fd: number) {}

  /** `dir` is the caller's trusted host directory (a rootfs mount, a volume). */
  static async open(dir: string): Promise<ConfinedRoot> {
    return new ConfinedRoot(await openTrustedDir(dir));
  }

  async close(): Promise<void> {
    await closeQuietly(this.fd);
  }

  /** Resolve `unsafePath` (absolute or not, relative to the root). Missing intermediate directories are ENOENT unless `create`. */
  async locate(unsafePath: string, opts: LocateOptions = {}): Promise<Location> {
    const pending = split(unsafePath);
    const stack: number[] = [];
    const names: string[] = [];
    let current = await openDirAt(this.fd, '.');
    let links = 0;
    let made = 0;
    const unwind = async (): Promise<void> => {
      for (const fd of stack.splice(0)) await closeQuietly(fd);
    };
    try {
      while (pending.length > 0) {
        const part = pending.shift() as string;
        if (part === '..') {
          const up = stack.pop();
          if (up !== undefined) {
            await closeQuietly(current);
            current = up;
            names.pop();
          }
          continue;
        }
        const last = pending.length === 0;
        if (last && !opts.followFinal) return this.location(current, part, names, unwind);
        let child: number;
        try {
          child = await openDirAt(current, part);
        } catch (err) {
          const code = errnoCode(err);
          if (code === 'ENOENT' && opts.create) {
            // A tree removing what we make as fast as we make it must not keep us here.
            if (++made > MAX_CREATES) throw errnoError('ELOOP', `cannot create the directories of ${unsafePath}`);
            await mkdir(fdPath(current, part), { mode: 0o755 }).catch((e: unknown) => {
              if (errnoCode(e) !== 'EEXIST') throw e;
            });
            pending.unshift(part);
            continue;
          }
          if (code === 'ENOENT' && last) return this.location(current, part, names, unwind);
          if (code !== 'ENOTDIR' && code !== 'ELOOP') throw err;
          const st = await lstatAt(current, part);
          if (st?.isSymbolicLink()) {
            if (++links > MAX_SYMLINKS) throw errnoError('ELOOP', `too many levels of symbolic links resolving ${unsafePath}`);
            const target = await readlink(fdPath(current, part)).catch((e: unknown) => {
              // No longer a symlink since the lstat: look at the name again (the count above bounds this).
              if (errnoCode(e) === 'EINVAL' || errnoCode(e) === 'ENOENT') return undefined;
              throw e;
            });
            if (target === undefined) {
              pending.unshift(part);
              continue;
            }
            if (target.startsWith('/')) {
              const root = await openDirAt(this.fd, '.');
              await unwind();
              await closeQuietly(current);
              current = root;
              names.length = 0;
            }
            pending.unshift(...split(target));
            continue;
          }
          if (last) return this.location(current, part, names, unwind);
          throw errnoError(st ? 'ENOTDIR' : 'ENOENT', unsafePath);
        }
        stack.push(current);
        current = child;
        names.push(part);
      }
      return this.location(current, '', names, unwind);
    } catch (err) {
      await unwind();
      await closeQuietly(current);
      throw err;
    }
  }

  /** lstat of what `at` names (the directory itself when it has no name). */
  async lstat(at: Location): Promise<BigIntStats> {
    return at.name === '' ? stat(fdPath(at.dir), { bigint: true }) : lstat(fdPath(at.dir, at.name), { bigint: true });
  }

  /** A regular file's content (symlinks followed inside the root); undefined when there is none. */
  async readFile(path: string): Promise<Buffer | undefined> {
    const at = await this.locate(path, { followFinal: true }).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
      throw err;
    });
    if (!at) return undefined;
    try {
      const st = at.name === '' ? undefined : await lstatAt(at.dir, at.name);
      if (!st?.isFile()) return undefined;
      const fd = await openSameFile(fdPath(at.dir, at.name), st);
      try {
        return await readFd(fd);
      } finally {
        await closeQuietly(fd);
      }
    } finally {
      await at.close();
    }
  }

  private async location(dir: number, name: string, names: string[], unwind: () => Promise<void>): Promise<Location> {
    await unwind();
    const path = [...names, ...(name === '' ? [] : [name])].join('/');
    return { dir, name, path, close: () => closeQuietly(dir) };
  }
}

function split(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}
