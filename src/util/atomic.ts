import { mkdir, open, rename, readFile, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoCode } from '../errdefs/index.js';

/** Make a rename or create inside `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * How much of an atomic write must survive a machine crash (power loss, kernel
 * panic). A daemon crash needs none of it: the rename alone means a killed
 * process leaves either the old file or the new, since the page cache outlives it.
 * - `full`: fsync the file, rename, fsync the directory (new names, records that must not vanish).
 * - `file`: fsync the file, rename: after a machine crash the name holds the old or the new
 *   content, never a torn or empty file (replacing a record that already exists).
 * - `none`: rename only (files derived from other state, or that die with the container).
 * Each fsync on the shared ext4 waits for a journal commit, which under other
 * writers' load costs milliseconds to hundreds of them: hot paths pay only for what they need.
 */
export type Durability = 'full' | 'file' | 'none';

/**
 * Write a file so that a crash at any moment leaves either the old content or
 * the new, never a torn file: temp file in the same directory, then rename.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644, durability: Durability = 'full'): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data);
    if (durability !== 'none') await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (durability === 'full') await fsyncDir(dir);
}

export async function writeJsonAtomic(path: string, value: unknown, durability: Durability = 'full'): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value), 0o644, durability);
}

/** Read a JSON file; undefined when it does not exist. */
export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}
