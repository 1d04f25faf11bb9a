/** `/volumes`: create, inspect, list with Docker's filters, remove, prune. */
import type { Filters } from '../../apitypes/containers.js';
import type { Volume as WireVolume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from '../../apitypes/volumes.js';
import { isConflict } from '../../errdefs/index.js';
import { ANONYMOUS_LABEL, type Volume } from '../../volumes/index.js';
import type { EngineContext } from '../context.js';
import { FilterArgs } from '../filters/index.js';
import { createVolume, removeVolume, toWire, volumeStore } from './access.js';
import type { VolumeService } from '../types.js';

export class VolumeServiceImpl implements VolumeService {
  constructor(private readonly ctx: EngineContext) {}

  async create(body: VolumeCreateRequest): Promise<WireVolume> {
    // A volume asked for without a name is anonymous, as in Docker ≥ 23: `volume prune` takes it.
    const labels = body.Name ? body.Labels : { ...body.Labels, [ANONYMOUS_LABEL]: '' };
    const { volume } = await createVolume(this.ctx, { name: body.Name, driver: body.Driver, labels, options: body.DriverOpts });
    return toWire(volume);
  }

  async inspect(name: string): Promise<WireVolume> {
    return toWire(volumeStore(this.ctx).get(name));
  }

  async list(filters: Filters): Promise<VolumeListResponse> {
    const f = new FilterArgs(filters).validate(['name', 'label', 'dangling', 'driver']);
    const store = volumeStore(this.ctx);
    const dangling = f.contains('dangling') ? f.getBool('dangling', false) : undefined;
    const volumes = store
      .list()
      .filter((v) => f.match('name', v.name) && f.exactMatch('driver', v.driver) && f.matchKVList('label', v.labels))
      .filter((v) => dangling === undefined || (store.refs(v.name).length === 0) === dangling)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { Volumes: volumes.map((v) => toWire(v)), Warnings: [] };
  }

  async remove(name: string, opts: { force: boolean }): Promise<void> {
    await removeVolume(this.ctx, name, opts.force);
  }

  async prune(filters: Filters, opts: { anonymousOnly: boolean }): Promise<VolumePruneResponse> {
    const f = new FilterArgs(filters).validate(['label', 'label!', 'all']);
    const all = f.getBool('all', !opts.anonymousOnly);
    const store = volumeStore(this.ctx);
    const candidates = store.list().filter((v) => store.refs(v.name).length === 0 && (all || isAnonymous(v)) && f.matchLabels(v.labels));
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const v of candidates) {
      const size = await store.size(v.name).catch(() => 0);
      try {
        await removeVolume(this.ctx, v.name, false);
      } catch (err) {
        // A container took it meanwhile.
        if (isConflict(err)) continue;
        throw err;
      }
      deleted.push(v.name);
      reclaimed += size;
    }
    if (deleted.length > 0) this.ctx.events.publish('volume', 'prune', { ID: '', Attributes: { reclaimed: String(reclaimed) } });
    return { VolumesDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: reclaimed };
  }
}

function isAnonymous(v: Volume): boolean {
  return Object.hasOwn(v.labels, ANONYMOUS_LABEL);
}
