/**
 * Walks a build context the way Docker's context tar does (go-archive's
 * TarWithOptions): pre-order, names in byte order, symlinks not followed,
 * .dockerignore applied with per-directory results handed down. An excluded
 * directory is skipped whole unless an exception pattern names something
 * inside it by prefix (`!dir/keep`, not `!*\/keep`); then it is walked but not
 * itself sent.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParentMatches, PatternMatcher } from './dockerignore.js';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface ContextEntry {
  /** Context-relative, '/'-separated, no leading slash. */
  rel: string;
  /** Host path. */
  path: string;
  type: EntryType;
}

function entryType(d: Dirent): EntryType {
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** Go sorts names as bytes; for UTF-8 that is code point order, which UTF-16 comparison is not. */
export function byteOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The entries of the context that .dockerignore keeps, yielded one by one as the walk reaches them. */
export async function* walkContext(root: string, matcher: PatternMatcher): AsyncGenerator<ContextEntry> {
  yield* walkDir(root, '', matcher, undefined);
}

async function* walkDir(dir: string, relDir: string, matcher: PatternMatcher, parent: ParentMatches | undefined): AsyncGenerator<ContextEntry> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byteOrder(a.name, b.name));
  for (const d of entries) {
    const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
    const path = join(dir, d.name);
    const type = entryType(d);
    const { excluded, info } = matcher.excludesInWalk(rel, parent);
    if (excluded) {
      if (type === 'dir' && matcher.hasExclusions && matcher.exceptionInside(rel)) yield* walkDir(path, rel, matcher, info);
      continue;
    }
    yield { rel, path, type };
    if (type === 'dir') yield* walkDir(path, rel, matcher, info);
  }
}
