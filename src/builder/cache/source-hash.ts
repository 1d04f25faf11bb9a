/**
 * The content identity of COPY/ADD sources, for the layer cache: names,
 * types, modes and file contents (symlink targets for links), walked in
 * sorted order so equal trees hash equal. Ownership and mtimes are left out:
 * a fresh checkout of the same files must hit the cache.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

async function hashFile(path: string, into: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) into.update(chunk as Buffer);
}

async function hashEntry(path: string, name: string, into: Hash): Promise<void> {
  const st = await lstat(path);
  into.update(`${name}\0${st.mode.toString(8)}\0`);
  if (st.isSymbolicLink()) into.update(`link\0${await readlink(path)}\0`);
  else if (st.isFile()) {
    into.update(`file\0${st.size}\0`);
    await hashFile(path, into);
  } else if (st.isDirectory()) {
    const names = (await readdir(path)).sort();
    into.update(`dir\0${names.length}\0`);
    for (const n of names) await hashEntry(join(path, n), n, into);
  }
}

/** sha256 (hex) of one host path and everything below it. */
export async function hashPath(path: string): Promise<string> {
  const h = createHash('sha256');
  await hashEntry(path, '', h);
  return h.digest('hex');
}

export function hashStrings(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest('hex');
}
