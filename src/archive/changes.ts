import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilesystemChange } from '../apitypes/containers.js';
import { errnoCode } from '../errdefs/index.js';
import { walkTree } from './walk.js';
import { getXattr, OVERLAY_OPAQUE } from './xattr.js';

export const ChangeKind = { Modified: 0, Added: 1, Deleted: 2 } as const;

export type Change = FilesystemChange;

/**
 * Filesystem changes in an overlay upper dir against its lower dirs (nearest
 * first), with Docker's rules and order: a whiteout or opaque directory is a
 * deletion; a path present below is a modification, except a directory whose
 * size, mode and mtime are unchanged; the parent of an addition or deletion is
 * reported modified once.
 */
export async function changes(upperDir: string, lowerDirs: string[]): Promise<Change[]> {
  const out: Change[] = [];
  const changedDirs = new Set<string>();
  const visit = async function* (path: string, rel: string, st: Stats): AsyncGenerator<never> {
    const p = `/${rel}`;
    let kind: Change['Kind'];
    if (await isDeletion(path, st)) {
      kind = ChangeKind.Deleted;
    } else {
      kind = ChangeKind.Added;
      for (const lower of lowerDirs) {
        const below = await lstatOrUndefined(join(lower, rel));
        if (!below) continue;
        if (below.isDirectory() && st.isDirectory() && below.size === st.size && below.mode === st.mode && sameFsTime(below, st)) return;
        kind = ChangeKind.Modified;
        break;
      }
    }
    if (st.isDirectory()) changedDirs.add(p);
    if (kind !== ChangeKind.Modified) {
      const parent = p.slice(0, p.lastIndexOf('/')) || '/';
      if (parent !== '/' && !changedDirs.has(parent)) {
        out.push({ Path: parent, Kind: ChangeKind.Modified });
        changedDirs.add(parent);
      }
    }
    out.push({ Path: p, Kind: kind });
  };
  for await (const _ of walkTree(upperDir, visit));
  return out;
}

async function isDeletion(path: string, st: Stats): Promise<boolean> {
  if (st.isCharacterDevice() && st.rdev === 0) return true;
  return st.isDirectory() && (await getXattr(path, OVERLAY_OPAQUE))?.toString() === 'y';
}

/** Go's sameFsTime: equal, or equal seconds when either side lacks nanoseconds. */
function sameFsTime(a: Stats, b: Stats): boolean {
  const an = BigInt(Math.round(a.mtimeMs * 1e6));
  const bn = BigInt(Math.round(b.mtimeMs * 1e6));
  if (an === bn) return true;
  const sec = 1_000_000_000n;
  return an / sec === bn / sec && (an % sec === 0n || bn % sec === 0n);
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}
