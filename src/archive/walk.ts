import type { Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { errnoCode } from '../errdefs/index.js';
import { closeQuietly, fdPath, lstatAt, openDirAt, openTrustedDir } from './fd.js';

/**
 * Pre-order walk in sorted name order (Go's filepath.Walk order, which Docker's
 * tars and change lists follow), never following symlinks. `rel` has no leading
 * slash. Yields whatever `visit` yields, so tar writers can stream through it.
 *
 * The tree may be changing under the walk (a running container's layer): each
 * directory is opened below its parent's fd without following links, and
 * `visit` gets a path valid only while it runs (`/proc/self/fd/<dir>/<name>`).
 * Entries that vanish or stop being directories mid-walk are skipped.
 *
 * `top` is a trusted host directory, or a directory fd the caller opened (and closes).
 */
export async function* walkTree<T>(top: string | number, visit: (path: string, rel: string, st: Stats) => AsyncIterable<T>): AsyncGenerator<T> {
  if (typeof top === 'number') return yield* walkDir(top, visit, '');
  const fd = await openTrustedDir(top);
  try {
    yield* walkDir(fd, visit, '');
  } finally {
    await closeQuietly(fd);
  }
}

async function* walkDir<T>(dir: number, visit: (path: string, rel: string, st: Stats) => AsyncIterable<T>, rel: string): AsyncGenerator<T> {
  for (const name of (await readdir(fdPath(dir))).sort()) {
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const st = await lstatAt(dir, name);
    if (!st) continue;
    yield* visit(fdPath(dir, name), childRel, st);
    if (!st.isDirectory()) continue;
    let child: number;
    try {
      child = await openDirAt(dir, name);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') continue;
      throw err;
    }
    try {
      yield* walkDir(child, visit, childRel);
    } finally {
      await closeQuietly(child);
    }
  }
}
