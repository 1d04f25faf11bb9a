import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Pre-order walk in sorted name order (Go's filepath.Walk order, which Docker's
 * tars and change lists follow), never following symlinks. `rel` has no leading
 * slash. Yields whatever `visit` yields, so tar writers can stream through it.
 */
export async function* walkTree<T>(
  dir: string,
  visit: (path: string, rel: string, st: Stats) => AsyncIterable<T>,
  rel = '',
): AsyncGenerator<T> {
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const st = await lstat(path);
    yield* visit(path, childRel, st);
    if (st.isDirectory()) yield* walkTree(path, visit, childRel);
  }
}
