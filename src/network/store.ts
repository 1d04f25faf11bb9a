/**
 * Network records, one JSON file per network under `<data-root>/networks/`,
 * written atomically, mirrored in memory for lookups.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument, notFound } from '../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic.js';
import type { NetworkRecord } from './types.js';

export class NetworkStore {
  private readonly records = new Map<string, NetworkRecord>();

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    for (const n of names.filter((f) => /^[0-9a-f]{64}\.json$/.test(f))) {
      const rec = await readJsonIfExists<NetworkRecord>(join(this.dir, n));
      if (rec) this.records.set(rec.id, rec);
    }
  }

  all(): NetworkRecord[] {
    return [...this.records.values()];
  }

  /** moby's FindNetwork: full id, then exact name, then a unique id prefix. */
  find(ref: string): NetworkRecord {
    if (ref === '') throw invalidArgument('network name cannot be empty');
    const exact = this.records.get(ref);
    if (exact) return exact;
    const named = this.all().filter((n) => n.name === ref);
    if (named.length === 1) return named[0]!;
    const prefixed = this.all().filter((n) => n.id.startsWith(ref));
    if (prefixed.length === 1) return prefixed[0]!;
    if (prefixed.length > 1) throw invalidArgument(`network ${ref} is ambiguous (${prefixed.length} matches found based on ID prefix)`);
    throw notFound(`network ${ref} not found`);
  }

  byId(id: string): NetworkRecord | undefined {
    return this.records.get(id);
  }

  byName(name: string): NetworkRecord | undefined {
    return this.all().find((n) => n.name === name);
  }

  async put(rec: NetworkRecord): Promise<void> {
    await writeJsonAtomic(join(this.dir, `${rec.id}.json`), rec);
    this.records.set(rec.id, rec);
  }

  async delete(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
    this.records.delete(id);
  }
}
