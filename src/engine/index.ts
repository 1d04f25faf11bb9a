/**
 * The engine: container lifecycle, exec, events, system, images, volumes and
 * networks, built from the dependencies the daemon's composition root hands in.
 *
 * Wiring (the image store publishes its events on the engine's bus):
 *
 *   const events = new EventBus();
 *   const images = await LocalImageStore.open({ …, onEvent: imageEventHandler(events) });
 *   const engine = await createEngine({ dataRoot, execRoot, runtime, images, snapshots, hostFacts, events });
 */
import { mkdir } from 'node:fs/promises';
import { EngineContext } from './context.js';
import { restoreContainers } from './containers/restore.js';
import { restoreVolumeRefs } from './containers/volume-mounts.js';
import { ContainerServiceImpl } from './containers/service.js';
import type { EngineDeps } from './deps.js';
import type { EventBus } from './events/bus.js';
import { ExecServiceImpl } from './exec/service.js';
import { settleReleases } from './networks/sandbox.js';
import { NetworkApiServiceImpl } from './networks/service.js';
import { ImageServiceImpl } from './images/service.js';
import { imageUsers } from './images/users.js';
import { PodServiceImpl } from './pods/service.js';
import { restorePods } from './pods/restore.js';
import { SystemServiceImpl } from './system/service.js';
import type { ContainerService, ExecService, ImageService, NetworkApiService, PodService, SystemService, VolumeService } from './types.js';
import { VolumeServiceImpl } from './volumes/service.js';

export { EventBus } from './events/bus.js';
export { imageEventHandler } from './images/service.js';
export { DistributionServiceImpl } from './distribution/service.js';
/** The classic builder's RUN containers join networks as the engine's containers do. */
export { BuildSandboxes } from './networks/build-sandbox.js';
export type { EngineDeps } from './deps.js';
export type {
  BuildService,
  ContainerService,
  DistributionService,
  ExecService,
  ImageService,
  IOSession,
  NetworkApiService,
  OutputChunk,
  PodService,
  ProgressMessage,
  RegistryCall,
  ResetService,
  SystemService,
  VolumeService,
  WaitCondition,
} from './types.js';
// The reset's last unmount sweep: what is still mounted under the daemon's roots.
export { mountsUnder } from './containers/rootfs.js';
/** The daemon's identity (`info`'s ID): also seeds the network module's IPv6 ULA pool, as dockerd's host id does. */
export { engineId } from './system/info.js';
/** The API decodes `filters=` with the engine's one filter implementation. */
export { decodeFilters } from './filters/index.js';

export interface Engine {
  readonly containers: ContainerService;
  readonly exec: ExecService;
  readonly system: SystemService;
  readonly images: ImageService;
  readonly volumes: VolumeService;
  readonly pods: PodService;
  /** Present when the daemon gave the engine a network service. */
  readonly networks?: NetworkApiService;
  readonly events: EventBus;
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
  await restorePods(ctx);
  await restoreVolumeRefs(ctx);
  // Sandboxes of containers that did not survive the daemon's absence go now.
  await deps.network?.reconcile(ctx.store.all().filter((c) => c.running).map((c) => c.id));
  return {
    containers: new ContainerServiceImpl(ctx),
    exec: new ExecServiceImpl(ctx),
    system,
    images: new ImageServiceImpl(deps.images, imageUsers(ctx.store)),
    volumes: new VolumeServiceImpl(ctx),
    pods: new PodServiceImpl(ctx),
    ...(deps.network ? { networks: new NetworkApiServiceImpl(ctx, deps.network) } : {}),
    events: ctx.events,
    async close() {
      for (const c of ctx.store.all()) {
        c.run?.exitWatch.abort();
        c.cancelRestart();
      }
      await settleReleases(ctx);
    },
  };
}
