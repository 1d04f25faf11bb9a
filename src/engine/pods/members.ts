/**
 * Which containers a pod holds. A container belongs to a pod when it carries
 * the pod's id label and is the infra container or joins the infra's network:
 * a label copied into an image by `commit` makes no member of a new container.
 */
import { POD_ID_LABEL } from '../../apitypes/pods.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { CONTAINER_PREFIX } from '../containers/network-mode.js';
import type { Pod, PodRecord } from './store.js';

export interface PodContainers {
  infra?: Container;
  /** Every container but the infra, oldest first (the order a pod starts them in). */
  members: Container[];
}

function belongs(c: Container, pod: PodRecord): boolean {
  if (c.record.Config.Labels?.[POD_ID_LABEL] !== pod.Id) return false;
  return c.id === pod.InfraContainerId || c.record.HostConfig.NetworkMode === CONTAINER_PREFIX + pod.InfraContainerId;
}

export function podContainers(ctx: EngineContext, pod: Pod): PodContainers {
  const infra = ctx.store.find(pod.record.InfraContainerId);
  const members = ctx.store
    .all()
    .filter((c) => c.id !== pod.record.InfraContainerId && belongs(c, pod.record))
    .sort((a, b) => a.record.Created.localeCompare(b.record.Created));
  return { ...(infra ? { infra } : {}), members };
}

/** The pod a container belongs to, if any. */
export function podOf(ctx: EngineContext, c: Container): Pod | undefined {
  const id = c.record.Config.Labels?.[POD_ID_LABEL];
  const pod = id ? ctx.pods.find(id) : undefined;
  return pod && belongs(c, pod.record) ? pod : undefined;
}

/** The pod whose infra container this is. */
export function podOfInfra(ctx: EngineContext, c: Container): Pod | undefined {
  const pod = podOf(ctx, c);
  return pod?.record.InfraContainerId === c.id ? pod : undefined;
}
