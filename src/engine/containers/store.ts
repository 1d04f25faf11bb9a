/**
 * The set of containers: records on disk under `<root>/<id>/config.json`,
 * names, and ref resolution (full id, name, unique id prefix — Docker's order).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument, notFound } from '../../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../../util/atomic.js';
import { logger } from '../../util/logger.js';
import { Container } from './container.js';
import { NameRegistry } from './names.js';
import type { ContainerRecord } from './record.js';

const log = logger('engine');
const ID_RE = /^[0-9a-f]{64}$/;

interface WriteQueue {
  /** The write in progress or last finished. */
  tail: Promise<void>;
  /** A write queued behind tail that will pick up the newest record; later saves share it. */
  next?: Promise<void>;
  /** Whether that queued write must fsync: true when any save sharing it asked for it. */
  sync?: boolean;
}

export class ContainerStore {
  private readonly byId = new Map<string, Container>();
  private readonly writes = new Map<string, WriteQueue>();
  /** Records already on disk: replacing one needs no directory fsync (see Durability). */
  private readonly onDisk = new Set<string>();
  readonly names = new NameRegistry();

  constructor(readonly root: string) {}

  dir(id: string): string {
    return join(this.root, id);
  }

  /** Read every record. A directory without a readable record (torn create, stray temp files) is skipped, never fatal. */
  async load(): Promise<Container[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const loaded: Container[] = [];
    for (const id of entries) {
      if (!ID_RE.test(id)) continue;
      let record: ContainerRecord | undefined;
      try {
        record = await readJsonIfExists<ContainerRecord>(join(this.dir(id), 'config.json'));
      } catch (err) {
        log.warn('skipping unreadable container record', { id, error: String(err) });
      }
      if (!record || record.ID !== id) continue;
      const c = new Container(record);
      this.byId.set(id, c);
      this.onDisk.add(id);
      this.names.reserve(record.Name, id);
      loaded.push(c);
    }
    return loaded;
  }

  add(c: Container): void {
    this.byId.set(c.id, c);
  }

  all(): Container[] {
    return [...this.byId.values()];
  }

  /**
   * Persist the container's current record. Saves are ordered; bursts coalesce into one write of the newest state.
   * `sync: false` is for a state about to be deleted (the exit of a `--rm` container): the rename
   * covers a daemon crash, and after a machine crash the older, synced state leads restore to the same removal.
   */
  save(c: Container, opts: { sync?: boolean } = {}): Promise<void> {
    const q = this.writes.get(c.id) ?? { tail: Promise.resolve() };
    this.writes.set(c.id, q);
    const sync = opts.sync ?? true;
    if (q.next) {
      q.sync ||= sync;
      return q.next;
    }
    q.sync = sync;
    const path = join(this.dir(c.id), 'config.json');
    const next = q.tail.then(async () => {
      q.next = undefined;
      if (!this.byId.has(c.id)) return; // removed meanwhile: never resurrect its directory
      const durability = !this.onDisk.has(c.id) ? 'full' : q.sync ? 'file' : 'none';
      await writeJsonAtomic(path, c.record, durability);
      this.onDisk.add(c.id);
    });
    q.next = next;
    q.tail = next.catch(() => undefined);
    return next;
  }

  /** Forget the container and delete its directory, after any queued write. */
  async delete(c: Container): Promise<void> {
    this.byId.delete(c.id);
    this.names.release(c.name);
    await this.writes.get(c.id)?.tail;
    this.writes.delete(c.id);
    this.onDisk.delete(c.id);
    await rm(this.dir(c.id), { recursive: true, force: true });
  }

  /** Docker's lookup: exact id, then name, then unique id prefix. */
  get(ref: string): Container {
    if (ref === '') throw invalidArgument('invalid container name or ID: value is empty');
    const exact = this.byId.get(ref);
    if (exact) return exact;
    const byName = this.names.lookup(ref);
    if (byName !== undefined) {
      const c = this.byId.get(byName);
      if (c) return c;
    }
    if (/^[0-9a-f]+$/.test(ref)) {
      let found: Container | undefined;
      for (const [id, c] of this.byId) {
        if (!id.startsWith(ref)) continue;
        if (found) throw invalidArgument(`multiple IDs found with provided prefix: ${ref}`);
        found = c;
      }
      if (found) return found;
    }
    throw notFound(`No such container: ${ref}`);
  }

  /** Like get, but undefined instead of not-found. */
  find(ref: string): Container | undefined {
    try {
      return this.get(ref);
    } catch {
      return undefined;
    }
  }
}
