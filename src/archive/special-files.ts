/**
 * Fifos and device nodes in trees that came from a tar (layers, build
 * contexts, loaded archives): they are made, never opened. Opening a fifo
 * blocks until a writer comes (a thread of the pool, for good); reading a
 * device reads the host's device of that number.
 */
import { execFile } from 'node:child_process';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function mknod(path: string, type: 'c' | 'b' | 'p', major = 0, minor = 0): Promise<void> {
  const args = type === 'p' ? [path, 'p'] : [path, type, String(major), String(minor)];
  await run('mknod', args);
}

/** Linux's encoding of dev_t (glibc's gnu_dev_major/minor), 64 bits wide. */
export function deviceNumbers(rdev: number): { major: number; minor: number } {
  const dev = BigInt(rdev);
  return { major: Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn)), minor: Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn)) };
}

/**
 * A new node at `path` of the kind `st` describes (fifo, character or block device);
 * false for what is neither (a socket, which tar leaves out too).
 */
export async function mknodLike(path: string, st: Stats): Promise<boolean> {
  if (st.isFIFO()) {
    await mknod(path, 'p');
    return true;
  }
  if (!st.isCharacterDevice() && !st.isBlockDevice()) return false;
  const { major, minor } = deviceNumbers(st.rdev);
  await mknod(path, st.isCharacterDevice() ? 'c' : 'b', major, minor);
  return true;
}

/**
 * `path` opened for reading when it is a regular file, else undefined (closed again).
 * Non-blocking, so a fifo does not wait for a writer; no symlink followed at the end.
 */
export async function openRegularFile(path: string): Promise<FileHandle | undefined> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  if ((await fh.stat()).isFile()) return fh;
  await fh.close();
  return undefined;
}
