/**
 * Directory-fd primitives for working in a tree its owner may change under us
 * (a running container). `/proc/self/fd/<fd>/<name>` reaches `name` inside the
 * directory the fd holds without resolving any path above it again; every
 * call here acts on a final component without following it.
 */
import { close, constants, fstat, open, type Stats } from 'node:fs';
import { chmod, lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { errnoCode } from '../errdefs/index.js';
import { mknod } from './special-files.js';

const openFd = promisify(open);
const closeFd = promisify(close);
const fstatFd = promisify(fstat);

/** Linux O_PATH (absent from Node's constants): a handle to a name, nothing opened behind it (no device side effects). */
export const O_PATH = 0o10000000;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** The path naming `name` inside the directory fd `dir` (the directory itself without a name). */
export function fdPath(dir: number, name = ''): string {
  return name === '' ? `/proc/self/fd/${dir}` : `/proc/self/fd/${dir}/${name}`;
}

/** An errno-style error, like Node's own, naming no host path. */
export function errnoError(code: string, what: string): Error {
  return Object.assign(new Error(`${code}: ${what}`), { code });
}

/** A trusted host directory (the caller chose it), followed if it is a link. */
export function openTrustedDir(path: string): Promise<number> {
  return openFd(path, constants.O_RDONLY | constants.O_DIRECTORY);
}

/** Child directory `name` of `dir`; ENOTDIR when it is a symlink or no directory. */
export function openDirAt(dir: number, name: string): Promise<number> {
  return openFd(fdPath(dir, name), DIR_FLAGS);
}

/** `name` in `dir` as an O_PATH handle, never following it. */
export function openPathAt(dir: number, name: string): Promise<number> {
  return openFd(fdPath(dir, name), O_PATH | constants.O_NOFOLLOW);
}

/** Re-open what an O_PATH handle holds (already checked), for reading: the magic link reaches exactly that inode. */
function reopenForRead(handle: number): Promise<number> {
  return openFd(fdPath(handle), constants.O_RDONLY);
}

/**
 * Open for reading the regular file at `path` (its last component not followed)
 * if it is still the one `st` describes: a name swapped meanwhile for a device,
 * fifo or another file is refused before anything is opened behind it.
 */
export async function openSameFile(path: string, st: Stats): Promise<number> {
  const handle = await openFd(path, O_PATH | constants.O_NOFOLLOW);
  try {
    const now = await fstatFd(handle);
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) throw errnoError('EAGAIN', 'file replaced while being archived');
    return await reopenForRead(handle);
  } finally {
    await closeQuietly(handle);
  }
}

/** chmod `name` in `dir` unless it is (now) a symlink: chmod(2) would follow it, so go through an O_PATH handle. */
export async function chmodAt(dir: number, name: string, mode: number): Promise<void> {
  const handle = await openPathAt(dir, name);
  try {
    if (!(await fstatFd(handle)).isSymbolicLink()) await chmod(fdPath(handle), mode);
  } finally {
    await closeQuietly(handle);
  }
}

export function statFd(fd: number): Promise<Stats> {
  return fstatFd(fd);
}

export async function closeQuietly(fd: number | undefined): Promise<void> {
  if (fd !== undefined) await closeFd(fd).catch(() => undefined);
}

export async function lstatAt(dir: number, name: string): Promise<Stats | undefined> {
  try {
    return await lstat(fdPath(dir, name));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** `rm -rf` of `name` in `dir`, descending only through directories opened without following links. */
export async function removeAllAt(dir: number, name: string, retries = 3): Promise<void> {
  const st = await lstatAt(dir, name);
  if (!st) return;
  if (!st.isDirectory()) return unlink(fdPath(dir, name)).catch(ignoreGone);
  let child: number;
  try {
    child = await openDirAt(dir, name);
  } catch (err) {
    // Swapped for a symlink or file since the lstat: remove whatever is there now.
    if ((errnoCode(err) === 'ENOTDIR' || errnoCode(err) === 'ELOOP') && retries > 0) return removeAllAt(dir, name, retries - 1);
    return ignoreGone(err);
  }
  try {
    for (const entry of await readdir(fdPath(child))) await removeAllAt(child, entry);
  } finally {
    await closeQuietly(child);
  }
  await rmdir(fdPath(dir, name)).catch(ignoreGone);
}

function ignoreGone(err: unknown): void {
  if (errnoCode(err) !== 'ENOENT') throw err;
}

/** mknod(1) runs in a child process, which reaches our fd through our pid rather than /proc/self. */
export async function mknodAt(dir: number, name: string, type: 'c' | 'b' | 'p', major = 0, minor = 0): Promise<void> {
  await mknod(`/proc/${process.pid}/fd/${dir}/${name}`, type, major, minor);
}
