import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { invalidArgument } from '../errdefs/index.js';
import { closeQuietly, fdPath, openDirAt, openTrustedDir, statFd } from './fd.js';
import { TarEncoder } from './tar-writer.js';
import { walkTree } from './walk.js';

export interface TarTreeOptions {
  /**
   * Name of the top entry: `src` itself goes in as `name` (a file or a directory
   * with its children under `name/`), as `docker cp` wants. Without it, only the
   * children of directory `src` go in, unprefixed, as `docker export` wants.
   */
  name?: string;
}

/**
 * What to tar: a trusted host path, or a place found by a ConfinedRoot (`name`
 * in directory fd `dir`, not followed; the directory itself when `name` is '').
 * The caller keeps `dir` open until the stream has closed.
 */
export type TarSource = string | { dir: number; name: string };

/** Tar a file or directory tree (never following symlinks). Errors surface on the stream. */
export function tarTree(src: TarSource, opts: TarTreeOptions = {}): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const enc = new TarEncoder();
    const top = await openTop(src);
    try {
      const name = opts.name?.replace(/\/+$/, '');
      if (name !== undefined && name !== '') {
        yield* enc.path(top.path, name, top.st);
        if (top.fd !== undefined) yield* walkTree(top.fd, (path, rel, s) => enc.path(path, `${name}/${rel}`, s));
      } else {
        if (top.fd === undefined) throw invalidArgument('not a directory');
        yield* walkTree(top.fd, (path, rel, s) => enc.path(path, rel, s));
      }
    } finally {
      await closeQuietly(top.fd);
    }
    yield enc.end();
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The top entry's stat, a path to read it by, and a directory fd when it is one. */
async function openTop(src: TarSource): Promise<{ path: string; st: Stats; fd?: number }> {
  if (typeof src === 'string') {
    const st = await lstat(src);
    return st.isDirectory() ? { path: src, st, fd: await openTrustedDir(src) } : { path: src, st };
  }
  if (src.name === '') {
    const fd = await openDirAt(src.dir, '.');
    return { path: fdPath(fd), st: await statFd(fd), fd };
  }
  const path = fdPath(src.dir, src.name);
  const st = await lstat(path);
  return st.isDirectory() ? { path, st, fd: await openDirAt(src.dir, src.name) } : { path, st };
}
