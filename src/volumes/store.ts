/**
 * The local volume store: `<root>/<name>/volume.json` (the record, written
 * atomically) beside `<root>/<name>/_data`. A directory without a record is
 * a create or remove the daemon did not finish; it is dropped at open.
 */
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, errnoCode, invalidArgument, isWharfError, notFound } from '../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic.js';
import { newId } from '../util/ids.js';
import { KeyedLock } from '../util/lock.js';
import { logger } from '../util/logger.js';
import { isMounted, mountLocal, needsMount, unmountLocal, validateLocalOptions } from './local-mount.js';
import type { CreateVolumeOptions, Volume, VolumeStore } from './types.js';

const log = logger('volumes');
const RECORD = 'volume.json';
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** The name is a directory under the root: one path component, NAME_MAX bytes (the pattern is ASCII). */
const NAME_MAX = 255;

type VolumeRecord = Omit<Volume, 'mountpoint'>;

/** Docker's restricted name, with its hint for a path given where a name was meant. */
export function validateVolumeName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw invalidArgument(
      `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
    );
  }
  if (name.length > NAME_MAX) throw invalidArgument(`create ${name}: volume name is too long (${name.length} bytes, at most ${NAME_MAX})`);
}

async function treeSize(dir: string): Promise<number> {
  let total = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw err;
  }
  for (const e of entries) {
    const p = join(dir, e);
    const st = await lstat(p).catch(() => undefined);
    if (!st) continue;
    total += st.isDirectory() ? await treeSize(p) : st.size;
  }
  return total;
}

export class LocalVolumeStore implements VolumeStore {
  private readonly volumes = new Map<string, Volume>();
  private readonly references = new Map<string, Set<string>>();
  private readonly users = new Map<string, Set<string>>();
  /** Create, remove, mount and unmount of one name run one after another. */
  private readonly serial = new KeyedLock();

  private constructor(private readonly root: string) {}

  static async open(root: string): Promise<LocalVolumeStore> {
    const store = new LocalVolumeStore(root);
    await mkdir(root, { recursive: true, mode: 0o701 });
    for (const name of await readdir(root)) {
      const record = await readJsonIfExists<VolumeRecord>(join(root, name, RECORD));
      if (record) store.volumes.set(name, { ...record, mountpoint: store.dataDir(name) });
      else if (!(await isMounted(store.dataDir(name)))) await rm(join(root, name), { recursive: true, force: true });
    }
    return store;
  }

  private dataDir(name: string): string {
    return join(this.root, name, '_data');
  }

  async create(opts: CreateVolumeOptions): Promise<{ volume: Volume; created: boolean }> {
    const name = opts.name || newId();
    const driver = opts.driver || 'local';
    if (driver !== 'local') throw notFound(`create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    validateVolumeName(name);
    try {
      validateLocalOptions(opts.options ?? {});
    } catch (err) {
      if (isWharfError(err)) err.message = `create ${name}: ${err.message}`;
      throw err;
    }
    return this.serial.run(name, async () => {
      const existing = this.volumes.get(name);
      if (existing) {
        if (opts.ref) this.addRef(name, opts.ref);
        return { volume: existing, created: false };
      }
      const record: VolumeRecord = {
        name,
        driver: 'local',
        createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        labels: opts.labels ?? {},
        options: opts.options ?? {},
      };
      await mkdir(this.dataDir(name), { recursive: true, mode: 0o755 });
      await writeJsonAtomic(join(this.root, name, RECORD), record);
      const volume = { ...record, mountpoint: this.dataDir(name) };
      this.volumes.set(name, volume);
      if (opts.ref) this.addRef(name, opts.ref);
      return { volume, created: true };
    });
  }

  get(name: string): Volume {
    const v = this.volumes.get(name);
    if (!v) throw notFound(`get ${name}: no such volume`);
    return v;
  }

  list(): Volume[] {
    return [...this.volumes.values()];
  }

  remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.serial.run(name, async () => {
      if (!this.volumes.has(name)) {
        if (opts.force) return;
        throw notFound(`get ${name}: no such volume`);
      }
      const refs = this.refs(name);
      if (refs.length > 0) throw conflict(`remove ${name}: volume is in use - [${refs.join(', ')}]`);
      const dir = join(this.root, name);
      // Removing the record first: a crash midway leaves a record-less directory that open() drops.
      // Only option volumes (tmpfs, bind) are ever mounted: plain ones skip the mountinfo read.
      if (needsMount(this.volumes.get(name)?.options ?? {}) && (await isMounted(this.dataDir(name)))) await unmountLocal(this.dataDir(name));
      await rm(join(dir, RECORD), { force: true });
      this.volumes.delete(name);
      await rm(dir, { recursive: true, force: true });
    });
  }

  addRef(name: string, ref: string): void {
    let set = this.references.get(name);
    if (!set) this.references.set(name, (set = new Set()));
    set.add(ref);
  }

  removeRef(name: string, ref: string): void {
    const set = this.references.get(name);
    set?.delete(ref);
    if (set?.size === 0) this.references.delete(name);
  }

  refs(name: string): string[] {
    return [...(this.references.get(name) ?? [])];
  }

  mount(name: string, ref: string): Promise<string> {
    return this.serial.run(name, async () => {
      const v = this.get(name);
      let users = this.users.get(name);
      if (!users) this.users.set(name, (users = new Set()));
      if (users.size === 0 && needsMount(v.options) && !(await isMounted(v.mountpoint))) {
        await mkdir(v.mountpoint, { recursive: true });
        await mountLocal(v.options, v.mountpoint);
      }
      users.add(ref);
      return v.mountpoint;
    });
  }

  unmount(name: string, ref: string): Promise<void> {
    return this.serial.run(name, async () => {
      const v = this.volumes.get(name);
      const users = this.users.get(name);
      if (!v || !users?.delete(ref) || users.size > 0) return;
      this.users.delete(name);
      if (needsMount(v.options) && (await isMounted(v.mountpoint))) {
        await unmountLocal(v.mountpoint).catch((err: unknown) => log.warn('unmounting volume failed', { name, error: String(err) }));
      }
    });
  }

  populate(name: string, fill: (dataDir: string) => Promise<void>): Promise<void> {
    return this.serial.run(name, async () => {
      const dir = this.get(name).mountpoint;
      if ((await readdir(dir)).length === 0) await fill(dir);
    });
  }

  size(name: string): Promise<number> {
    return treeSize(this.get(name).mountpoint);
  }
}
