/**
 * The composition root: the only place that chooses paths and builds every
 * module, handing each its collaborators. Nothing below it reads flags.
 */
import { mkdir, chmod, rmdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApiServer } from '../api/index.js';
import { LocalContentStore } from '../content/index.js';
import { OverlaySnapshotter } from '../snapshots/index.js';
import { LocalImageStore } from '../images/index.js';
import { ConmonRuntime, hostFacts } from '../runtime/index.js';
import { BuildSandboxes, createEngine, DistributionServiceImpl, engineId, EventBus, imageEventHandler } from '../engine/index.js';
import { DistributionClient } from '../distribution/client/index.js';
import { LocalVolumeStore } from '../volumes/index.js';
import { Builder, type RemoveImage } from '../builder/index.js';
import type { ImageService } from '../engine/index.js';
import { logger } from '../util/logger.js';
import { BridgeNetworks } from '../network/index.js';
import type { DaemonConfig } from './flags.js';
import { networkOptions } from './network-config.js';
import { acquirePidFile } from './pidfile.js';
import { DaemonReset } from './reset.js';

export interface RunningDaemon {
  close(): Promise<void>;
  /** Settles once `POST /wharf/system/reset` has answered: the daemon must then exit. */
  readonly resetDone: Promise<void>;
}

const TINI = ['/usr/bin/tini-static', '/usr/bin/tini'].find((p) => existsSync(p));
/** Debian's catatonit (static): the PID 1 of pods' infra containers. */
const CATATONIT = ['/usr/bin/catatonit', '/usr/libexec/podman/catatonit'].find((p) => existsSync(p));

/** The composition root: one flat sequence of wiring (stores, runtime, engine, API), long because it is the one place that builds everything. */
export async function startDaemon(config: DaemonConfig): Promise<RunningDaemon> {
  const log = logger('daemon');
  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  await mkdir(config.execRoot, { recursive: true, mode: 0o711 });
  await chmod(config.dataRoot, 0o711);
  const pidPath = join(config.execRoot, 'wharfd.pid');
  const pidFile = await acquirePidFile(pidPath);

  const events = new EventBus();
  const content = new LocalContentStore(join(config.dataRoot, 'content'));
  await content.removePartialIngests();
  const snapshots = await OverlaySnapshotter.open(join(config.dataRoot, 'snapshots'));
  const images = await LocalImageStore.open({
    root: join(config.dataRoot, 'images'),
    content,
    snapshots,
    onEvent: imageEventHandler(events),
  });
  const runtime = new ConmonRuntime({ execRoot: config.execRoot });
  const network = new BridgeNetworks({ ...networkOptions(config), hostId: await engineId(config.dataRoot) });
  await network.init();
  const facts = await hostFacts();
  // The build cache prune removes images with the engine's rules (it knows the containers), and the
  // engine reads the build cache for `system df`: one of the two is bound late, the prune (a request).
  let engineImages: ImageService | undefined;
  const removeImage: RemoveImage = async (id, opts) => {
    if (!engineImages) throw new Error('image removal before the engine started');
    return engineImages.remove(id, { force: false, ...opts });
  };
  const buildNetwork = new BuildSandboxes(network, config.dns?.length ? { dns: config.dns } : {});
  const builder = await Builder.open({ root: join(config.dataRoot, 'builder'), execRoot: join(config.execRoot, 'builder'), images, removeImage, content, snapshots, runtime, hostFacts: facts, network: buildNetwork });
  const engine = await createEngine({
    dataRoot: config.dataRoot,
    execRoot: config.execRoot,
    runtime,
    images,
    snapshots,
    hostFacts: facts,
    buildCache: builder,
    events,
    initPath: TINI,
    infraBinary: CATATONIT,
    volumes: await LocalVolumeStore.open(join(config.dataRoot, 'volumes')),
    network,
    ...(config.dns?.length ? { dns: config.dns } : {}),
  });
  engineImages = engine.images;

  let wasReset = false;
  let resetDone!: () => void;
  const resetPromise = new Promise<void>((resolve) => (resetDone = resolve));
  const reset = new DaemonReset({
    containers: engine.containers,
    images: engine.images,
    volumes: engine.volumes,
    ...(engine.networks ? { networks: engine.networks } : {}),
    build: builder,
    network,
    dataRoot: config.dataRoot,
    execRoot: config.execRoot,
    keep: [config.socketPath, pidPath],
    exit: () => {
      wasReset = true;
      resetDone();
    },
  });

  const registries = new DistributionClient({ content, images }, { insecureRegistries: config.insecureRegistries });
  const distribution = new DistributionServiceImpl(registries, events);
  const api = createApiServer({
    containers: engine.containers,
    exec: engine.exec,
    images: engine.images,
    system: engine.system,
    distribution,
    volumes: engine.volumes,
    networks: engine.networks,
    pods: engine.pods,
    build: builder,
    reset,
    logger: logger('api'),
  });
  await api.listen(config.socketPath);
  log.info(`API listening on unix://${config.socketPath}`, { dataRoot: config.dataRoot, execRoot: config.execRoot });

  return {
    resetDone: resetPromise,
    async close() {
      await api.close();
      await engine.close();
      registries.close();
      await network.close();
      runtime.close();
      await pidFile.release();
      // After a reset the roots are empty: the host is left as it was before the daemon (a root that is a mount point stays).
      if (wasReset) for (const root of [config.execRoot, config.dataRoot]) await rmdir(root).catch(() => undefined);
    },
  };
}
