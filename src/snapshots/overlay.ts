/**
 * overlayfs snapshotter. Layout under root:
 *   metadata.json              every snapshot: numeric id, kind, parent, labels
 *   snapshots/<id>/fs          the snapshot's own files (upper dir when active)
 *   snapshots/<id>/work        overlay workdir (active only)
 * Directories are named by short numeric ids, not keys, so a lowerdir list of
 * many layers stays within mount(2)'s one-page option limit.
 */
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, errnoCode, invalidArgument, notFound } from '../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic.js';
import { Mutex } from '../util/lock.js';
import { logger } from '../util/logger.js';
import type { Mount, SnapshotDirs, SnapshotInfo, SnapshotKind, Snapshotter, Usage } from './types.js';

const log = logger('snapshots');

interface SnapshotRecord {
  id: number;
  kind: SnapshotKind;
  parent?: string;
  labels: Record<string, string>;
  created: string;
}

interface Metadata {
  nextId: number;
  snapshots: Record<string, SnapshotRecord>;
}

export class OverlaySnapshotter implements Snapshotter {
  /** Metadata changes (and the directories they name) run one at a time, in call order. */
  private readonly serial = new Mutex();
  /** The metadata write in progress (or last finished), and one queued behind it that all later changes share. */
  private writing: Promise<void> = Promise.resolve();
  private pendingWrite?: Promise<void>;

  private constructor(
    private readonly root: string,
    private readonly meta: Metadata,
  ) {}

  /** Load metadata and delete directories a crash left without a record. */
  static async open(root: string): Promise<OverlaySnapshotter> {
    await mkdir(join(root, 'snapshots'), { recursive: true });
    const meta = (await readJsonIfExists<Metadata>(join(root, 'metadata.json'))) ?? { nextId: 1, snapshots: {} };
    const s = new OverlaySnapshotter(root, meta);
    await s.removeOrphans();
    return s;
  }

  prepare(key: string, parent?: string, labels: Record<string, string> = {}): Promise<Mount[]> {
    return this.create('active', key, parent, labels);
  }

  view(key: string, parent?: string, labels: Record<string, string> = {}): Promise<Mount[]> {
    return this.create('view', key, parent, labels);
  }

  async commit(name: string, key: string, labels?: Record<string, string>): Promise<void> {
    await this.serial.run(async () => {
      const rec = this.get(key);
      if (rec.kind !== 'active') throw invalidArgument(`snapshot ${key} is not active: failed precondition`);
      if (this.meta.snapshots[name]) throw conflict(`snapshot ${name}: already exists`);
      // The workdir only holds overlay's scratch state; a committed layer is read-only.
      await rm(this.dir(rec.id, 'work'), { recursive: true, force: true });
      delete this.meta.snapshots[key];
      this.meta.snapshots[name] = { ...rec, kind: 'committed', labels: labels ?? rec.labels };
    });
    await this.save();
  }

  async mounts(key: string): Promise<Mount[]> {
    return this.mountsOf(this.get(key));
  }

  async remove(key: string): Promise<void> {
    const doomed = await this.serial.run(async () => {
      const rec = this.get(key);
      const child = Object.entries(this.meta.snapshots).find(([, s]) => s.parent === key);
      if (child) throw conflict(`cannot remove snapshot ${key}: snapshot ${child[0]} depends on it`);
      // Rename first so a crash mid-delete leaves an orphan that open() cleans, never a record without a directory.
      const doomed = join(this.root, 'snapshots', `rm-${rec.id}`);
      try {
        await rename(join(this.root, 'snapshots', String(rec.id)), doomed);
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
      }
      delete this.meta.snapshots[key];
      return doomed;
    });
    await this.save();
    // Outside the queue: rm-<id> is this call's alone (ids are never reused), and other prepares need not wait for it.
    await rm(doomed, { recursive: true, force: true });
  }

  async stat(key: string): Promise<SnapshotInfo> {
    return this.info(key, this.get(key));
  }

  async usage(key: string): Promise<Usage> {
    return diskUsage(this.dir(this.get(key).id, 'fs'));
  }

  async dirs(key: string): Promise<SnapshotDirs> {
    const rec = this.get(key);
    const lowers = this.chain(rec.parent).map((r) => this.dir(r.id, 'fs'));
    switch (rec.kind) {
      case 'active':
        return { upper: this.dir(rec.id, 'fs'), work: this.dir(rec.id, 'work'), lowers };
      case 'committed':
        return { upper: this.dir(rec.id, 'fs'), lowers };
      case 'view':
        return { lowers };
    }
  }

  async list(): Promise<SnapshotInfo[]> {
    return Object.entries(this.meta.snapshots).map(([key, rec]) => this.info(key, rec));
  }

  private async create(kind: 'active' | 'view', key: string, parent: string | undefined, labels: Record<string, string>): Promise<Mount[]> {
    const mounts = await this.serial.run(async () => {
      if (key === '') throw invalidArgument('snapshot key must not be empty');
      if (this.meta.snapshots[key]) throw conflict(`snapshot ${key}: already exists`);
      if (parent !== undefined) {
        const p = this.meta.snapshots[parent];
        if (!p) throw notFound(`parent snapshot ${parent}: not found`);
        if (p.kind !== 'committed') throw invalidArgument(`parent snapshot ${parent} is not committed`);
      }
      const id = this.meta.nextId++;
      await mkdir(this.dir(id, 'fs'), { recursive: true, mode: 0o755 });
      if (kind === 'active') await mkdir(this.dir(id, 'work'), { mode: 0o700 });
      const rec: SnapshotRecord = { id, kind, labels, created: new Date().toISOString() };
      if (parent !== undefined) rec.parent = parent;
      this.meta.snapshots[key] = rec;
      return this.mountsOf(rec);
    });
    await this.save();
    return mounts;
  }

  private mountsOf(rec: SnapshotRecord): Mount[] {
    const fs = this.dir(rec.id, 'fs');
    if (rec.kind === 'active') {
      if (rec.parent === undefined) return [{ type: 'bind', source: fs, options: ['rw', 'rbind'] }];
      const lowers = this.chain(rec.parent).map((r) => this.dir(r.id, 'fs'));
      return [
        {
          type: 'overlay',
          source: 'overlay',
          options: ['index=off', `workdir=${this.dir(rec.id, 'work')}`, `upperdir=${fs}`, `lowerdir=${lowers.join(':')}`],
        },
      ];
    }
    // Views and committed snapshots are read-only: their own chain (a view's own dir is empty).
    const chain = rec.kind === 'view' ? this.chain(rec.parent) : [rec, ...this.chain(rec.parent)];
    const lowers = chain.map((r) => this.dir(r.id, 'fs'));
    if (lowers.length === 0) return [{ type: 'bind', source: fs, options: ['ro', 'rbind'] }];
    // overlayfs needs two lowers when there is no upper dir.
    if (lowers.length === 1) return [{ type: 'bind', source: lowers[0], options: ['ro', 'rbind'] }];
    return [{ type: 'overlay', source: 'overlay', options: ['index=off', `lowerdir=${lowers.join(':')}`] }];
  }

  /** Committed snapshots from `key` down, nearest first. */
  private chain(key: string | undefined): SnapshotRecord[] {
    const out: SnapshotRecord[] = [];
    for (let k = key; k !== undefined; ) {
      const rec = this.get(k);
      out.push(rec);
      k = rec.parent;
    }
    return out;
  }

  private get(key: string): SnapshotRecord {
    const rec = this.meta.snapshots[key];
    if (!rec) throw notFound(`snapshot ${key} does not exist: not found`);
    return rec;
  }

  private info(key: string, rec: SnapshotRecord): SnapshotInfo {
    const info: SnapshotInfo = { key, kind: rec.kind, labels: { ...rec.labels }, created: rec.created };
    if (rec.parent !== undefined) info.parent = rec.parent;
    return info;
  }

  private dir(id: number, sub: 'fs' | 'work'): string {
    return join(this.root, 'snapshots', String(id), sub);
  }

  /**
   * Persist every change made so far. Concurrent callers share one write (group
   * commit): a write queued behind the running one serialises the metadata when
   * it starts, so it holds the changes of everyone who asked meanwhile. Changes
   * happen under serial(), writes outside it, so a burst of prepares pays for
   * one or two fsynced writes rather than one each, in turn.
   */
  private save(): Promise<void> {
    if (this.pendingWrite) return this.pendingWrite;
    const next = this.writing.then(() => {
      this.pendingWrite = undefined;
      return writeJsonAtomic(join(this.root, 'metadata.json'), this.meta);
    });
    this.pendingWrite = next;
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async removeOrphans(): Promise<void> {
    const known = new Set(Object.values(this.meta.snapshots).map((r) => String(r.id)));
    for (const name of await readdir(join(this.root, 'snapshots'))) {
      if (known.has(name)) continue;
      log.warn('removing orphaned snapshot directory', { dir: name });
      await rm(join(this.root, 'snapshots', name), { recursive: true, force: true });
    }
  }
}

/** Apparent size and inode count of a tree, counting hardlinked inodes once. */
export async function diskUsage(dir: string): Promise<Usage> {
  const seen = new Set<number>();
  let size = 0;
  let inodes = 0;
  const walk = async (path: string): Promise<void> => {
    const st = await lstat(path, { bigint: false });
    if (seen.has(st.ino)) return;
    seen.add(st.ino);
    inodes++;
    if (!st.isDirectory()) {
      size += st.size;
      return;
    }
    for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(dir);
  return { size, inodes };
}
