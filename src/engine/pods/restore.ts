/**
 * Daemon start: load the pod records after the containers are restored, and
 * finish what a killed daemon left half done. An infra container without a
 * record is a create cut short (the record is written last): it goes. A record
 * without its infra container is a removal cut short (the record is deleted
 * last): the rest of the pod goes.
 */
import { POD_ID_LABEL, POD_INFRA_LABEL } from '../../apitypes/pods.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import { removeContainer } from '../containers/remove.js';
import { podContainers } from './members.js';

const log = logger('engine');

export async function restorePods(ctx: EngineContext): Promise<void> {
  const pods = await ctx.pods.load();
  for (const pod of pods) {
    const { infra, members } = podContainers(ctx, pod);
    if (infra) continue;
    log.info('finishing the removal of a pod', { id: pod.id });
    for (const c of members) await removeContainer(ctx, c, { force: true, volumes: true }).catch((err: unknown) => log.warn('removing pod member failed', { id: c.id, error: String(err) }));
    await ctx.pods.delete(pod);
  }
  for (const c of ctx.store.all()) {
    const labels = c.record.Config.Labels ?? {};
    if (labels[POD_INFRA_LABEL] !== 'true' || ctx.pods.find(labels[POD_ID_LABEL] ?? '')) continue;
    log.info('removing the infra container of a pod that was never recorded', { id: c.id });
    await removeContainer(ctx, c, { force: true, volumes: true }).catch((err: unknown) => log.warn('removing orphan infra container failed', { id: c.id, error: String(err) }));
  }
}
