/**
 * `down`: the project's containers stopped in reverse dependency order and
 * removed (one-off `run` containers and, with --remove-orphans, orphans
 * too), then its networks, with -v its volumes, with --rmi its images.
 */
import { isApiError } from '../../client/errors.js';
import { removeImage } from '../../client/images.js';
import { handleOrphans, orphansOf } from './convergence.js';
import { inDependencyOrder } from './graph.js';
import type { ComposeIo } from './io.js';
import { stopAndRemove } from './lifecycle.js';
import { serviceImage } from './naming.js';
import { projectContainers } from './observed.js';
import { removeNetworks, removeVolumes } from './resources.js';

export interface DownOptions {
  /** Only these services' containers (v2's `down SERVICE…`); the networks and volumes stay. */
  services?: readonly string[];
  removeOrphans?: boolean;
  volumes?: boolean;
  /** `local`: the images `build` made (no `image:`); `all`: every service's. */
  rmi?: 'local' | 'all';
  timeout?: number;
}

export async function down(io: ComposeIo, o: DownOptions = {}): Promise<void> {
  const { client, project, progress } = io;
  const all = { ...project.disabledServices, ...project.services };
  const containers = await projectContainers(client, project.name);
  const orphans = new Set(orphansOf(project, containers).map((c) => c.id));
  const byService = (name: string) => containers.filter((c) => c.service === name && !orphans.has(c.id));
  const only = o.services && o.services.length > 0 ? o.services : undefined;
  await inDependencyOrder(
    all,
    only ?? Object.keys(all),
    async (name) => {
      await Promise.all(byService(name).map((c) => stopAndRemove(client, c, progress, { timeout: o.timeout, volumes: o.volumes })));
    },
    { reverse: true },
  );
  if (only) return;
  await handleOrphans(io, containers, o.removeOrphans ?? false, o.timeout);
  await removeNetworks(client, project, progress);
  if (o.volumes) await removeVolumes(client, project, progress);
  if (o.rmi) {
    const images = new Set(Object.values(all).filter((s) => o.rmi === 'all' || !s.image).map((s) => serviceImage(project, s)));
    await Promise.all(
      [...images].map(async (image) => {
        progress.event('Image', image, 'Removing');
        try {
          await removeImage(client, image);
        } catch (err) {
          if (!(isApiError(err) && err.statusCode === 404)) throw err;
        }
        progress.event('Image', image, 'Removed');
      }),
    );
  }
}
