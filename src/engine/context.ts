/**
 * State shared by the engine's services: dependencies, the container store,
 * the event bus, exec sessions, and the paths the engine derives.
 */
import { join } from 'node:path';
import type { EngineDeps } from './deps.js';
import { EventBus } from './events/bus.js';
import type { Container } from './containers/container.js';
import { ContainerStore } from './containers/store.js';
import type { ExecRecord } from './exec/record.js';
import { InfraImage } from './pods/infra-image.js';
import { PodStore } from './pods/store.js';

export class EngineContext {
  readonly store: ContainerStore;
  readonly pods: PodStore;
  /** The image of pods' infra containers, made on first use. */
  readonly infraImage: InfraImage;
  readonly events: EventBus;
  /** Exec sessions by id; they live only as long as the daemon, as in Docker. */
  readonly execs = new Map<string, ExecRecord>();
  /** Network sandboxes of exited runs still being torn down, by container id (engine/networks/sandbox.ts). */
  readonly sandboxReleases = new Map<string, Promise<void>>();

  constructor(readonly deps: EngineDeps) {
    this.store = new ContainerStore(join(deps.dataRoot, 'containers'));
    this.pods = new PodStore(join(deps.dataRoot, 'pods'));
    this.infraImage = new InfraImage(deps.images, deps.infraBinary);
    this.events = deps.events ?? new EventBus();
  }

  get bundlesRoot(): string {
    return join(this.deps.execRoot, 'bundles');
  }

  bundleDir(id: string): string {
    return join(this.bundlesRoot, id);
  }

  rootfsDir(id: string): string {
    return join(this.bundleDir(id), 'rootfs');
  }

  /** A container event with Docker's attributes: the container's labels, `image` as the user named it, `name`. */
  emit(c: Container, action: string, extra: Record<string, string> = {}): void {
    this.events.publish('container', action, {
      ID: c.id,
      Attributes: { ...(c.record.Config.Labels ?? {}), image: c.record.Config.Image ?? '', name: c.name.slice(1), ...extra },
    });
  }

  execIdsOf(c: Container): string[] {
    const ids: string[] = [];
    for (const [id, e] of this.execs) if (e.containerId === c.id) ids.push(id);
    return ids;
  }
}
