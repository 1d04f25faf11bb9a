/**
 * COPY/ADD source resolution in a build context, as Docker's builder does it:
 * a source with wildcards (`*`, `?`, `[...]`, Go filepath.Match rules, so `*`
 * never crosses `/` and `**` is just `*`) selects every context path it
 * matches; any other source names one path. The named path is then followed
 * through symlinks, which must stay inside the context: one that leads out
 * (an absolute target, or `..` above the root) is refused rather than
 * re-rooted.
 */
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument, isInvalidArgument } from '../../errdefs/index.js';
import { pathMatch } from '../../util/glob.js';
import { cleanPath, hasWildcards } from './go-path.js';
import { byteOrder } from './walk-context.js';

export interface CopySource {
  /** The source as written (expanded). */
  source: string;
  /** The context-relative path it named or matched, symlinks not followed ('' is the context root). */
  rel: string;
  /** The same after following symlinks. */
  resolved: string;
  /** Host path to copy from. */
  hostPath: string;
  isDir: boolean;
}

const MAX_SYMLINKS = 255;

const outside = (path: string, detail: string) => invalidArgument(`forbidden path outside the build context: ${path} (${detail})`);

/** Follows `rel` inside `root`, refusing any step that leaves it. */
async function followInContext(root: string, rel: string): Promise<{ resolved: string; isDir: boolean }> {
  const clean = cleanPath(rel);
  if (clean === '..' || clean.startsWith('../')) throw outside(rel, '');
  const pending = clean === '.' ? [] : clean.split('/');
  const resolved: string[] = [];
  let isDir = true; // the context root
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (resolved.length === 0) throw outside(rel, join(root, '..'));
      resolved.pop();
      continue;
    }
    const here = join(root, ...resolved, part);
    let st;
    try {
      st = await lstat(here);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') {
        throw invalidArgument(`file not found in build context or excluded by .dockerignore: stat ${rel}: file does not exist`, err);
      }
      throw err;
    }
    if (!st.isSymbolicLink()) {
      resolved.push(part);
      isDir = st.isDirectory();
      continue;
    }
    if (++links > MAX_SYMLINKS) throw invalidArgument(`too many levels of symbolic links resolving ${rel}`);
    const target = await readlink(here);
    if (target.startsWith('/')) throw outside(rel, target);
    pending.unshift(...target.split('/'));
  }
  return { resolved: resolved.join('/'), isDir };
}

async function resolveOne(root: string, source: string, rel: string): Promise<CopySource> {
  const { resolved, isDir } = await followInContext(root, rel);
  const named = cleanPath(rel);
  return { source, rel: named === '.' ? '' : named, resolved, hostPath: resolved === '' ? root : join(root, resolved), isDir };
}

/** Context paths matching a wildcard source, in walk order; no deeper than the pattern can reach. */
async function matchWildcard(root: string, pattern: string): Promise<string[]> {
  // `*` and `?` never match '/', but a [class] can: each may add one level.
  try {
    pathMatch(pattern, '');
  } catch (err) {
    // Docker ignores Match's syntax error here: a malformed pattern just matches nothing.
    if (isInvalidArgument(err)) return [];
    throw err;
  }
  const maxDepth = [...pattern].filter((c) => c === '/' || c === '[').length + 1;
  const out: string[] = [];
  const walk = async (dir: string, relDir: string, depth: number): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byteOrder(a.name, b.name));
    for (const d of entries) {
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      if (pathMatch(pattern, rel)) out.push(rel);
      if (d.isDirectory() && depth < maxDepth) await walk(join(dir, d.name), rel, depth + 1);
    }
  };
  await walk(root, '', 1);
  return out;
}

/** Every context path the sources of one COPY/ADD name, in order. */
export async function resolveCopySources(root: string, sources: readonly string[]): Promise<CopySource[]> {
  const out: CopySource[] = [];
  for (const source of sources) {
    let p = source.startsWith('/') ? source.slice(1) : source;
    if (p.startsWith('./')) p = p.slice(2);
    if (!hasWildcards(p)) {
      out.push(await resolveOne(root, source, p));
      continue;
    }
    for (const rel of await matchWildcard(root, p)) out.push(await resolveOne(root, source, rel));
  }
  if (out.length === 0) throw invalidArgument('no source files were specified');
  return out;
}
