/** `POST /containers/prune`: remove every stopped container matching `until`, `label`, `label!`. */
import type { ContainerPruneResponse, Filters } from '../../apitypes/containers.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import { FilterArgs } from '../filters/index.js';
import { removeContainer } from './remove.js';
import { podOfInfra } from '../pods/members.js';

const log = logger('engine');

export async function pruneContainers(ctx: EngineContext, filters: Filters): Promise<ContainerPruneResponse> {
  const f = new FilterArgs(filters).validate(['until', 'label', 'label!']);
  const until = f.until();
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const c of ctx.store.all()) {
    // An infra container goes with its pod, never alone.
    if (c.running || c.removing || podOfInfra(ctx, c)) continue;
    if (!until(Date.parse(c.record.Created))) continue;
    if (!f.matchLabels(c.record.Config.Labels)) continue;
    const size = await ctx.deps.snapshots.usage(c.record.SnapshotKey).then(
      (u) => u.size,
      () => 0,
    );
    try {
      await removeContainer(ctx, c, { force: false });
    } catch (err) {
      log.warn('prune could not remove container', { id: c.id, error: String(err) });
      continue;
    }
    deleted.push(c.id);
    reclaimed += size;
  }
  if (deleted.length > 0) ctx.events.publish('container', 'prune', { ID: '', Attributes: { reclaimed: String(reclaimed) } });
  return { ContainersDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: reclaimed };
}
