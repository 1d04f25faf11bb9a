/**
 * The layer cache index: step key → the image that step produced. Kept in
 * one JSON file under the builder's root, so it outlives the daemon; the
 * images themselves live in the image store (intermediate images, as
 * Docker's classic builder makes them). An entry whose image was deleted is
 * simply a miss.
 */
import { join } from 'node:path';
import { readJsonIfExists, writeJsonAtomic } from '../../util/atomic.js';
import type { Digest } from '../../util/digest.js';

export interface CacheEntry {
  id: Digest;
  /** The step's parent image; undefined on scratch. */
  parent?: Digest;
  /** The instruction, for `system df -v`. */
  description: string;
  created: string;
  lastUsed: string;
  usageCount: number;
}

interface CacheFile {
  entries: Record<string, CacheEntry>;
}

export class CacheStore {
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly data: CacheFile,
  ) {}

  static async open(root: string): Promise<CacheStore> {
    const path = join(root, 'cache.json');
    return new CacheStore(path, (await readJsonIfExists<CacheFile>(path)) ?? { entries: {} });
  }

  get(key: string): CacheEntry | undefined {
    return this.data.entries[key];
  }

  /** Usage is advisory: recorded in memory and written with the next change, so a fully cached build writes nothing. */
  touch(key: string): void {
    const e = this.data.entries[key];
    if (!e) return;
    e.lastUsed = new Date().toISOString();
    e.usageCount++;
  }

  put(key: string, entry: Omit<CacheEntry, 'created' | 'lastUsed' | 'usageCount'>): void {
    const now = new Date().toISOString();
    this.data.entries[key] = { ...entry, created: now, lastUsed: now, usageCount: 1 };
    this.dirty = true;
  }

  delete(key: string): void {
    if (delete this.data.entries[key]) this.dirty = true;
  }

  entries(): Array<[string, CacheEntry]> {
    return Object.entries(this.data.entries);
  }

  /** Write the index when it changed; saves run one at a time. */
  save(): Promise<void> {
    if (!this.dirty) return this.saving;
    this.dirty = false;
    this.saving = this.saving.then(() => writeJsonAtomic(this.path, this.data));
    return this.saving;
  }
}
