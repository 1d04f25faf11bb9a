/**
 * PathStat for `docker cp` (the `X-Docker-Container-Path-Stat` header):
 * `mode` is a Go os.FileMode, not a raw st_mode, and symlinks report their
 * target resolved inside the container.
 */
import { posix } from 'node:path';
import type { ConfinedRoot, Location } from '../../archive/index.js';
import type { PathStat } from '../../apitypes/containers.js';
import { errnoCode, notFound } from '../../errdefs/index.js';

// Go's os.FileMode type bits (2**n: JavaScript's << is 32-bit signed).
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;
const MODE_DEVICE = 2 ** 26;
const MODE_NAMED_PIPE = 2 ** 25;
const MODE_SOCKET = 2 ** 24;
const MODE_SETUID = 2 ** 23;
const MODE_SETGID = 2 ** 22;
const MODE_CHAR_DEVICE = 2 ** 21;
const MODE_STICKY = 2 ** 20;

const S_IFMT = 0o170000;

/** st_mode → Go os.FileMode. */
export function goFileMode(stMode: number): number {
  let mode = stMode & 0o777;
  switch (stMode & S_IFMT) {
    case 0o040000:
      mode += MODE_DIR;
      break;
    case 0o120000:
      mode += MODE_SYMLINK;
      break;
    case 0o060000:
      mode += MODE_DEVICE;
      break;
    case 0o020000:
      mode += MODE_DEVICE + MODE_CHAR_DEVICE;
      break;
    case 0o010000:
      mode += MODE_NAMED_PIPE;
      break;
    case 0o140000:
      mode += MODE_SOCKET;
      break;
  }
  if (stMode & 0o4000) mode += MODE_SETUID;
  if (stMode & 0o2000) mode += MODE_SETGID;
  if (stMode & 0o1000) mode += MODE_STICKY;
  return mode;
}

/** Nanosecond mtime as Go's RFC3339Nano (trailing zeros trimmed). */
function rfc3339Nano(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/** `/a/b/.` keeps its trailing `/.` (copy the contents), as Docker's PreserveTrailingDotOrSeparator does. */
export function containerPath(path: string): string {
  const clean = posix.join('/', path).replace(/\/+$/, '') || '/';
  if (path.endsWith('/.') && clean !== '/') return clean + '/.';
  if (path.endsWith('/') && clean !== '/') return clean + '/';
  return clean;
}

export interface ResolvedPath {
  /** Where the path's last component is (not followed when it is a symlink); the caller closes it. */
  at: Location;
  stat: PathStat;
}

/** lstat a path inside a confined root; Docker's 404 `Could not find the file … in container …`. */
export async function statInRoot(root: ConfinedRoot, path: string, containerRef: string): Promise<ResolvedPath> {
  const abs = containerPath(path);
  const missing = (err: unknown): never => {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') throw notFound(`Could not find the file ${path} in container ${containerRef}`);
    throw err;
  };
  // Intermediate symlinks are followed inside the root; a trailing `/.` or `/` means the directory itself.
  const followFinal = abs.endsWith('/.') || abs.endsWith('/');
  const at = await root.locate(abs, { followFinal }).catch(missing);
  try {
    const st = await root.lstat(at).catch(missing);
    let linkTarget = '';
    if (st.isSymbolicLink()) {
      const target = await root.locate(abs, { followFinal: true });
      linkTarget = '/' + target.path;
      await target.close();
    }
    return {
      at,
      stat: {
        name: posix.basename(abs) || '/',
        size: Number(st.size),
        mode: goFileMode(Number(st.mode)),
        mtime: rfc3339Nano(st.mtimeNs),
        linkTarget,
      },
    };
  } catch (err) {
    await at.close();
    throw err;
  }
}
