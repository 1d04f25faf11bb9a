/**
 * Pod records: one JSON file per pod under `<data-root>/pods/<id>.json`,
 * written atomically, and ref resolution as for containers (full id, name,
 * unique id prefix). Names are the pods' own namespace, apart from containers'.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodCreateRequest, PodNamespace } from '../../apitypes/pods.js';
import { conflict, invalidArgument, notFound } from '../../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../../util/atomic.js';
import { Mutex } from '../../util/lock.js';
import { logger } from '../../util/logger.js';
import { randomName } from '../containers/names.js';

const log = logger('engine');
const FILE_RE = /^([0-9a-f]{64})\.json$/;
const NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const NAME_RE = new RegExp(`^${NAME_CHARS}+$`);

export interface PodRecord {
  Id: string;
  Name: string;
  Created: string;
  Labels: Record<string, string>;
  Hostname: string;
  Network: string;
  /** Absent in records written before pods had aliases. */
  Aliases?: string[];
  PortBindings: NonNullable<PodCreateRequest['PortBindings']>;
  Share: PodNamespace[];
  ExtraHosts: string[];
  Dns: string[];
  InfraContainerId: string;
}

/** A pod as the daemon holds it: the record and the lock its lifecycle commands take. */
export class Pod {
  readonly lock = new Mutex();
  constructor(public record: PodRecord) {}

  get id(): string {
    return this.record.Id;
  }

  get name(): string {
    return this.record.Name;
  }
}

export function checkPodName(name: string): void {
  if (!NAME_RE.test(name)) throw invalidArgument(`Invalid pod name (${name}), only ${NAME_CHARS} are allowed`);
}

export class PodStore {
  private readonly byId = new Map<string, Pod>();
  private readonly byName = new Map<string, string>();

  constructor(readonly root: string) {}

  private path(id: string): string {
    return join(this.root, `${id}.json`);
  }

  async load(): Promise<Pod[]> {
    await mkdir(this.root, { recursive: true });
    for (const file of await readdir(this.root)) {
      const id = FILE_RE.exec(file)?.[1];
      if (!id) continue;
      const record = await readJsonIfExists<PodRecord>(this.path(id)).catch((err: unknown) => {
        log.warn('skipping unreadable pod record', { id, error: String(err) });
        return undefined;
      });
      if (record?.Id !== id) continue;
      this.byId.set(id, new Pod(record));
      this.byName.set(record.Name, id);
    }
    return this.all();
  }

  all(): Pod[] {
    return [...this.byId.values()];
  }

  /** Hold the name before anything is made; conflict when another pod has it. */
  reserve(name: string, id: string): void {
    const holder = this.byName.get(name);
    if (holder !== undefined && holder !== id) {
      throw conflict(`Conflict. The pod name "${name}" is already in use by pod "${holder}". You have to remove that pod to be able to reuse that name.`);
    }
    this.byName.set(name, id);
  }

  /** A free `adjective_surname`, as Docker names containers. */
  generateName(): string {
    for (let retry = 0; ; retry++) {
      const name = randomName(retry);
      if (!this.byName.has(name)) return name;
    }
  }

  release(name: string, id: string): void {
    if (this.byName.get(name) === id) this.byName.delete(name);
  }

  async add(pod: Pod): Promise<void> {
    this.byId.set(pod.id, pod);
    this.byName.set(pod.name, pod.id);
    await writeJsonAtomic(this.path(pod.id), pod.record, 'full');
  }

  async delete(pod: Pod): Promise<void> {
    this.byId.delete(pod.id);
    this.release(pod.name, pod.id);
    await rm(this.path(pod.id), { force: true });
  }

  /** The pods a ref may mean: the one with that id or name, else those whose id it prefixes. */
  private candidates(ref: string): Pod[] {
    const exact = this.byId.get(ref) ?? this.byId.get(this.byName.get(ref) ?? '');
    if (exact) return [exact];
    return /^[0-9a-f]+$/.test(ref) ? this.all().filter((p) => p.id.startsWith(ref)) : [];
  }

  /** Exact id, then name, then unique id prefix; not-found with Docker's wording. */
  get(ref: string): Pod {
    if (ref === '') throw invalidArgument('invalid pod name or ID: value is empty');
    const found = this.candidates(ref);
    if (found.length > 1) throw invalidArgument(`multiple IDs found with provided prefix: ${ref}`);
    if (!found[0]) throw notFound(`No such pod: ${ref}`);
    return found[0];
  }

  /** The one pod a ref means, if any. */
  find(ref: string): Pod | undefined {
    const found = ref === '' ? [] : this.candidates(ref);
    return found.length === 1 ? found[0] : undefined;
  }
}
