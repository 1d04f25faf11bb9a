/**
 * Resolve a path inside a container rootfs the way the container would see
 * it: symlinks (absolute or relative, at any depth) are followed but can never
 * climb out of the root. Reading /etc/passwd through a hostile image's
 * `etc/passwd -> /etc/shadow` must not read the host's file.
 */
import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { errnoCode, invalidArgument } from '../errdefs/index.js';

const MAX_LINKS = 255;

export async function resolveInRoot(root: string, path: string): Promise<string> {
  let pending = posix.normalize('/' + path).split('/').filter((c) => c !== '');
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const host = join(root, ...resolved, part);
    let isLink = false;
    try {
      isLink = (await lstat(host)).isSymbolicLink();
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'ENOTDIR') throw err;
    }
    if (!isLink) {
      resolved.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw invalidArgument(`too many levels of symbolic links: ${path}`);
    const target = await readlink(host);
    if (target.startsWith('/')) resolved.length = 0;
    pending = [...target.split('/').filter((c) => c !== ''), ...pending];
  }
  return join(root, ...resolved);
}
