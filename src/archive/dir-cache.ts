import { invalidArgument } from '../errdefs/index.js';
import type { ConfinedRoot } from './confined-root.js';
import { closeQuietly, errnoError } from './fd.js';

/** Enough for the depth of any tree, few enough to keep fds for thousands of concurrent copies. */
const MAX_OPEN = 32;

/**
 * Directory fds of an extraction, by their path in the tar, so entries of the
 * same directory do not walk the root again. An fd stays valid whatever its
 * owner does to the names above it (the directory can only move inside the
 * same mount), so keeping one is safe; least recently used ones are closed.
 */
export class DirCache {
  private readonly open = new Map<string, number>();

  constructor(private readonly root: ConfinedRoot) {}

  /** The directory `rel` (symlinks followed inside the root), made when missing if `create`. */
  async get(rel: string, create: boolean): Promise<number> {
    const known = this.open.get(rel);
    if (known !== undefined) {
      this.open.delete(rel);
      this.open.set(rel, known);
      return known;
    }
    const loc = await this.root.locate(rel, { followFinal: true, create });
    if (loc.name !== '') {
      await loc.close();
      if (!create) throw errnoError('ENOTDIR', rel);
      throw invalidArgument(`cannot extract into "${rel}": not a directory`);
    }
    this.open.set(rel, loc.dir);
    if (this.open.size > MAX_OPEN) {
      const [oldest, fd] = this.open.entries().next().value as [string, number];
      this.open.delete(oldest);
      await closeQuietly(fd);
    }
    return loc.dir;
  }

  /** `rel` is about to be replaced: drop it and everything under it. */
  async forget(rel: string): Promise<void> {
    for (const [key, fd] of this.open) {
      if (key !== rel && !key.startsWith(`${rel}/`)) continue;
      this.open.delete(key);
      await closeQuietly(fd);
    }
  }

  async closeAll(): Promise<void> {
    for (const fd of this.open.values()) await closeQuietly(fd);
    this.open.clear();
  }
}
