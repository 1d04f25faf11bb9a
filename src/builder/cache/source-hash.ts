/**
 * The content identity of COPY/ADD sources, for the layer cache: names,
 * types, modes and file contents (symlink targets for links), combined in
 * sorted order so equal trees hash equal. Ownership and mtimes are left out:
 * a fresh checkout of the same files must hit the cache. Entries are hashed
 * concurrently (contexts are many small files) and combined in order.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Files up to this size are read whole; larger ones are streamed. */
const READ_WHOLE = 1 << 20;

async function fileDigest(path: string, size: number): Promise<string> {
  const h = createHash('sha256');
  if (size <= READ_WHOLE) h.update(await readFile(path));
  else for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function entryDigest(path: string, memo?: Map<string, Promise<string>>): Promise<string> {
  let d = memo?.get(path);
  if (!d) {
    d = computeDigest(path, memo);
    memo?.set(path, d);
    // A failed hash (a file vanished) is not remembered.
    d.catch(() => memo?.delete(path));
  }
  return d;
}

async function computeDigest(path: string, memo: Map<string, Promise<string>> | undefined): Promise<string> {
  const st = await lstat(path);
  const h = createHash('sha256').update(`${st.mode.toString(8)}\0`);
  if (st.isSymbolicLink()) h.update(`link\0${await readlink(path)}`);
  else if (st.isFile()) h.update(`file\0${st.size}\0${await fileDigest(path, st.size)}`);
  // A device is its number (the mode has its type); fifos and devices are never read.
  else if (st.isCharacterDevice() || st.isBlockDevice()) h.update(`dev\0${st.rdev}`);
  else if (st.isDirectory()) {
    const names = (await readdir(path)).sort();
    const children = await Promise.all(names.map((n) => entryDigest(join(path, n), memo)));
    h.update(`dir\0${names.length}\0`);
    names.forEach((n, i) => h.update(`${n}\0${children[i]}\0`));
  }
  return h.digest('hex');
}

/** sha256 (hex) of one host path and everything below it; `memo` keeps results for a tree that does not change. */
export function hashPath(path: string, memo?: Map<string, Promise<string>>): Promise<string> {
  return entryDigest(path, memo);
}

export function hashStrings(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest('hex');
}
