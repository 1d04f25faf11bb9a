/**
 * Path resolution confined to a root directory, as if the process were chrooted
 * there: `..` stops at root and absolute symlink targets restart at root, so the
 * result can never name anything outside it (the idea of filepath-securejoin).
 * The result is a string used later: only for trees nobody changes meanwhile
 * (a build context, an image tar). A container's tree goes through ConfinedRoot.
 */
import { lstat, mkdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument } from '../errdefs/index.js';

const MAX_SYMLINKS = 255;

export interface ResolveOptions {
  /** Follow a symlink in the last component too (a path the caller will read through). */
  followFinal?: boolean;
  /** Create missing directories (mode 0755) instead of appending them unresolved. */
  create?: boolean;
}

/**
 * Resolves paths under one root, remembering directories already proven real so
 * an extraction of many entries in the same directories does not lstat each
 * component again. Call `forget` when a path may have stopped being a directory.
 */
export class RootResolver {
  private readonly dirs = new Set<string>();

  constructor(readonly root: string) {}

  /** Root-relative resolved path ('' is root itself). */
  async resolve(unsafePath: string, opts: ResolveOptions = {}): Promise<string> {
    const pending = split(unsafePath);
    const resolved: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const part = pending.shift() as string;
      if (part === '..') {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, part].join('/');
      if (this.dirs.has(candidate)) {
        resolved.push(part);
        continue;
      }
      const last = pending.length === 0;
      let st;
      try {
        st = await lstat(join(this.root, candidate));
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
        if (opts.create && !last) {
          await mkdir(join(this.root, candidate), { mode: 0o755 });
          this.dirs.add(candidate);
          resolved.push(part);
          continue;
        }
        // Nothing to follow below a missing component: the rest is lexical.
        resolved.push(part);
        for (const rest of pending.splice(0)) {
          if (rest === '..') resolved.pop();
          else resolved.push(rest);
        }
        break;
      }
      if (st.isSymbolicLink() && (!last || opts.followFinal)) {
        if (++links > MAX_SYMLINKS) throw invalidArgument(`too many levels of symbolic links resolving ${unsafePath}`);
        const target = await readlink(join(this.root, candidate));
        if (target.startsWith('/')) resolved.length = 0;
        pending.unshift(...split(target));
        continue;
      }
      if (st.isDirectory()) this.dirs.add(candidate);
      resolved.push(part);
    }
    return resolved.join('/');
  }

  /** Whether `rel` (root-relative, resolved) is a directory this resolver has already proven real. */
  isKnownDir(rel: string): boolean {
    return rel === '' || this.dirs.has(rel);
  }

  /** Host path for a root-relative path. */
  hostPath(rel: string): string {
    return rel === '' ? this.root : join(this.root, rel);
  }

  /** `rel` is about to be replaced: drop it and everything under it from the cache. */
  forget(rel: string): void {
    if (!this.dirs.delete(rel)) return;
    const prefix = rel + '/';
    for (const d of this.dirs) if (d.startsWith(prefix)) this.dirs.delete(d);
  }

  remember(rel: string): void {
    this.dirs.add(rel);
  }
}

function split(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Join `unsafePath` onto `root` following symlinks (the last one too) as if root
 * were `/`. Missing components are appended as they are. The result always lies
 * inside root.
 */
export async function secureJoin(root: string, unsafePath: string): Promise<string> {
  const r = new RootResolver(root);
  return r.hostPath(await r.resolve(unsafePath, { followFinal: true }));
}
