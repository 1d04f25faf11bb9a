/**
 * The engine: container lifecycle, exec, events, system and the image
 * adapter, built from the dependencies the daemon's composition root hands in.
 *
 * Wiring (the images store is built before the engine but asks it which
 * containers use an image, and publishes on its bus):
 *
 *   const events = new EventBus();
 *   let usedBy: UsedBy | undefined;
 *   const images = await LocalImageStore.open({ …, onEvent: imageEventHandler(events),
 *     usedBy: (id) => usedBy ? usedBy(id) : Promise.resolve({ running: [], stopped: [] }) });
 *   const engine = await createEngine({ dataRoot, execRoot, runtime, images, snapshots, hostFacts, events });
 *   usedBy = (id) => engine.imageUsers(id);
 */
import { mkdir } from 'node:fs/promises';
import type { UsedBy } from '../images/types.js';
import { EngineContext } from './context.js';
import { restoreContainers } from './containers/restore.js';
import { restoreVolumeRefs } from './containers/volume-mounts.js';
import { ContainerServiceImpl } from './containers/service.js';
import type { EngineDeps } from './deps.js';
import type { EventBus } from './events/bus.js';
import { ExecServiceImpl } from './exec/service.js';
import { settleReleases } from './networks/sandbox.js';
import { NetworkApiServiceImpl, type NetworkApiService } from './networks/service.js';
import { ImageServiceImpl, imageUsage } from './images/service.js';
import { SystemServiceImpl } from './system/service.js';
import type { ContainerService, ExecService, ImageService, SystemService } from './types.js';
import { VolumeServiceImpl } from './volumes/service.js';
import type { VolumeService } from './volumes/types.js';

export { EventBus } from './events/bus.js';
export { imageEventHandler } from './images/service.js';
export { DistributionServiceImpl } from './distribution/service.js';
export type { EngineDeps } from './deps.js';
export type { NetworkApiService } from './networks/service.js';

export interface Engine {
  readonly containers: ContainerService;
  readonly exec: ExecService;
  readonly system: SystemService;
  readonly images: ImageService;
  readonly volumes: VolumeService;
  /** Present when the daemon gave the engine a network service. */
  readonly networks?: NetworkApiService;
  readonly events: EventBus;
  /** For the images module: which containers use an image. */
  readonly imageUsers: UsedBy;
  /** Daemon shutdown: stop watching containers and cancel pending restarts; the containers keep running. */
  close(): Promise<void>;
}

/**
 * Builds the services, then loads the container records and reconciles them
 * with the runtime (re-adopt survivors, record exits, apply restart policies).
 */
export async function createEngine(deps: EngineDeps): Promise<Engine> {
  const ctx = new EngineContext(deps);
  const system = new SystemServiceImpl(ctx);
  await Promise.all([mkdir(ctx.store.root, { recursive: true }), mkdir(ctx.bundlesRoot, { recursive: true })]);
  await system.init();
  await restoreContainers(ctx);
  await restoreVolumeRefs(ctx);
  // Sandboxes of containers that did not survive the daemon's absence go now.
  await deps.network?.reconcile(ctx.store.all().filter((c) => c.running).map((c) => c.id));
  return {
    containers: new ContainerServiceImpl(ctx),
    exec: new ExecServiceImpl(ctx),
    system,
    images: new ImageServiceImpl(deps.images),
    volumes: new VolumeServiceImpl(ctx),
    ...(deps.network ? { networks: new NetworkApiServiceImpl(ctx, deps.network) } : {}),
    events: ctx.events,
    imageUsers: imageUsage(ctx),
    async close() {
      for (const c of ctx.store.all()) {
        c.run?.exitWatch.abort();
        c.cancelRestart();
      }
      await settleReleases(ctx);
    },
  };
}
