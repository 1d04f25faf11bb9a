/**
 * Tars a host file or directory for `cp` into a container, never following
 * symlinks: directories, regular files (hard links kept as links), symlinks,
 * devices and fifos, with their modes, owners and mtimes.
 */
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

type Header = Partial<tar.Header> & { name: string };

function typeOf(st: Stats): Header['type'] | undefined {
  if (st.isDirectory()) return 'directory';
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'character-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isFIFO()) return 'fifo';
  return undefined;
}

/**
 * name: what the top entry is called (`name`, `name/…`); without it only a
 * directory's children go in, unprefixed (copying `dir/.`).
 */
export function tarHostPath(src: string, name: string | undefined): Readable {
  const pack = tar.pack();
  const seen = new Map<string, string>();

  const add = (header: Header, body?: string): Promise<void> =>
    new Promise((resolve, reject) => pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve())));

  const walk = async (path: string, entryName: string | undefined): Promise<void> => {
    const st = await lstat(path);
    const type = typeOf(st);
    if (type === undefined) return; // sockets have no tar form
    if (entryName !== undefined) {
      const header: Header = {
        name: type === 'directory' ? `${entryName}/` : entryName,
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
        mtime: st.mtime,
        type,
      };
      const inode = `${st.dev}:${st.ino}`;
      if (type === 'file' && st.nlink > 1 && seen.has(inode)) {
        await add({ ...header, type: 'link', linkname: seen.get(inode) });
      } else if (type === 'file') {
        if (st.nlink > 1) seen.set(inode, entryName);
        await pipeline(createReadStream(path), pack.entry({ ...header, size: st.size }));
      } else if (type === 'symlink') {
        await add({ ...header, linkname: await readlink(path) });
      } else if (type === 'character-device' || type === 'block-device') {
        await add({ ...header, devmajor: (st.rdev >>> 8) & 0xfff, devminor: (st.rdev & 0xff) | ((st.rdev >>> 12) & 0xfff00) });
      } else {
        await add(header);
      }
    }
    if (type === 'directory') {
      for (const child of (await readdir(path)).sort()) {
        await walk(join(path, child), entryName === undefined ? child : `${entryName}/${child}`);
      }
    }
  };

  walk(src, name).then(
    () => pack.finalize(),
    (err: Error) => pack.destroy(err),
  );
  return Readable.from(pack);
}
