/**
 * Live collections: loaded once, then kept current by the events stream. A
 * container event reloads that one container (`filters={"id":[…]}`); the other
 * kinds are small lists and reload whole, coalesced, when one of theirs changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { filters, getJSON, notify } from './api.js';
import { subscribe, type EngineEvent } from './events.js';
import type { ContainerSummary } from './types.js';

type Listener = () => void;

class Collection<T> {
  items: T[] = [];
  loaded = false;
  private listeners = new Set<Listener>();
  private loading: Promise<void> | undefined;

  constructor(private readonly load: () => Promise<T[]>) {}

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    if (!this.loaded) void this.reload();
    return () => this.listeners.delete(l);
  }

  protected changed(): void {
    for (const l of this.listeners) l();
  }

  set(items: T[]): void {
    this.items = items;
    this.loaded = true;
    this.changed();
  }

  /** A reload asked for while one runs waits for it, then runs once more: a burst of events costs two requests. */
  reload(): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        this.set(await this.load());
      } catch (err) {
        notify(`loading failed: ${(err as Error).message}`);
      }
    };
    const next = (this.loading ?? Promise.resolve()).then(run);
    this.loading = next.finally(() => {
      if (this.loading === next) this.loading = undefined;
    });
    return next;
  }
}

class Containers extends Collection<ContainerSummary> {
  constructor() {
    super(() => getJSON<ContainerSummary[]>('/api/containers/json?all=1&size=0'));
  }

  /** Reload one container: it changed, appeared, or is gone. */
  async refresh(id: string): Promise<void> {
    const found = await getJSON<ContainerSummary[]>(`/api/containers/json?all=1&filters=${filters({ id: [id] })}`).catch(() => undefined);
    if (!found) return;
    const rest = this.items.filter((c) => c.Id !== id);
    this.set(found.length ? insertInPlace(this.items, rest, found[0]!) : rest);
  }

  remove(id: string): void {
    if (this.items.some((c) => c.Id === id)) this.set(this.items.filter((c) => c.Id !== id));
  }
}

function insertInPlace(all: ContainerSummary[], rest: ContainerSummary[], c: ContainerSummary): ContainerSummary[] {
  const at = all.findIndex((x) => x.Id === c.Id);
  if (at < 0) return [c, ...rest];
  const copy = all.slice();
  copy[at] = c;
  return copy;
}

export const containers = new Containers();
export const images = new Collection(() => getJSON<import('./types.js').ImageSummary[]>('/api/images/json'));
export const volumes = new Collection(async () => (await getJSON<{ Volumes: import('./types.js').Volume[] | null }>('/api/volumes')).Volumes ?? []);
export const networks = new Collection(async () => {
  // The list omits attached containers; each network's inspect has them (networks are few).
  const list = await getJSON<Array<{ Id: string }>>('/api/networks');
  return Promise.all(list.map((n) => getJSON<import('./types.js').Network>(`/api/networks/${n.Id}`)));
});
export const diskUsage = new Collection(async () => [await getJSON<import('./types.js').DiskUsage>('/api/system/df')]);

let wired = false;
/** Route each event to the collection it names; called once at start-up. */
export function wireEvents(): void {
  if (wired) return;
  wired = true;
  subscribe((e: EngineEvent) => {
    switch (e.Type) {
      case 'container':
        if (e.Action === 'destroy') containers.remove(e.Actor.ID);
        else if (!e.Action.startsWith('exec_') && e.Action !== 'top' && e.Action !== 'resize') void containers.refresh(e.Actor.ID);
        if (['create', 'destroy'].includes(e.Action)) {
          if (networks.loaded) void networks.reload();
        }
        if (e.Action === 'destroy' && diskUsage.loaded) void diskUsage.reload();
        break;
      case 'image':
        if (images.loaded) void images.reload();
        if (diskUsage.loaded) void diskUsage.reload();
        break;
      case 'volume':
        if (volumes.loaded) void volumes.reload();
        if (diskUsage.loaded) void diskUsage.reload();
        break;
      case 'network':
        if (networks.loaded) void networks.reload();
        break;
    }
  });
}

/** The collection's items, re-rendering the caller when they change. */
export function useCollection<T>(c: Collection<T>): { items: T[]; loaded: boolean } {
  const [, bump] = useState(0);
  useEffect(() => c.subscribe(() => bump((n) => n + 1)), [c]);
  return { items: c.items, loaded: c.loaded };
}
