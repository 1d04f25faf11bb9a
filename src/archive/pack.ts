import { lstat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { invalidArgument } from '../errdefs/index.js';
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

/** Tar a host file or directory tree (never following symlinks). Errors surface on the stream. */
export function tarTree(src: string, opts: TarTreeOptions = {}): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const enc = new TarEncoder();
    const st = await lstat(src);
    const top = opts.name?.replace(/\/+$/, '');
    if (top !== undefined && top !== '') {
      yield* enc.path(src, top, st);
      if (st.isDirectory()) yield* walkTree(src, (path, rel, s) => enc.path(path, `${top}/${rel}`, s));
    } else {
      if (!st.isDirectory()) throw invalidArgument(`${src} is not a directory`);
      yield* walkTree(src, (path, rel, s) => enc.path(path, rel, s));
    }
    yield enc.end();
  }
  return Readable.from(chunks(), { objectMode: false });
}
