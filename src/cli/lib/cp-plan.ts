/**
 * docker cp's path rules (pkg/archive CopyInfo / PrepareArchiveCopy): which
 * directory a tar is extracted into and what its top entry must be called so
 * that `cp a b` means what it means for cp(1): into b when b is a directory,
 * as b otherwise, and `src/.` copies a directory's contents.
 */
import { posix } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';

export type CpEndpoint = { container: string; path: string } | { container?: undefined; path: string };

/** `ctr:/path` names a container path; anything absolute or starting with `.` is local, as is a path without `:`. */
export function splitCpArg(arg: string): CpEndpoint {
  if (arg.startsWith('/') || arg.startsWith('.')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** SplitPathDirEntry: `/a/b/` → [`/a`, `b`]; `/a/b/.` → [`/a/b`, `.`]. */
export function splitPathDirEntry(p: string): { dir: string; base: string } {
  let cleaned = posix.normalize(p);
  if (cleaned.length > 1) cleaned = cleaned.replace(/\/+$/, '');
  if (posix.basename(p) === '.') cleaned = `${cleaned}/.`;
  return { dir: posix.dirname(cleaned), base: posix.basename(cleaned) };
}

/** The path asserts a directory: a trailing `/` or `/.`. */
export function assertsDirectory(p: string): boolean {
  return p.endsWith('/') || p.endsWith('/.') || p === '.';
}

export interface SourceInfo {
  /** Base name the source's entries carry (`.` for `dir/.`). */
  base: string;
  isDir: boolean;
}

export interface DestInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
}

export interface CopyPlan {
  /** Directory the tar is extracted into. */
  dir: string;
  /** The name the top entry must have there; undefined: as it is (`.` for contents). */
  name?: string;
}

export function planCopy(src: SourceInfo, dst: DestInfo): CopyPlan {
  const { dir: dstDir, base: dstBase } = splitPathDirEntry(dst.path);
  if (dst.exists && dst.isDir) return { dir: dst.path };
  if (dst.exists && src.isDir) throw invalidArgument('cannot copy directory');
  if (dst.exists || src.isDir) return { dir: dstDir, name: dstBase };
  if (assertsDirectory(dst.path)) throw invalidArgument('no such directory');
  return { dir: dstDir, name: dstBase };
}
