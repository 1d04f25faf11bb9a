/**
 * Wharf's readiness checks (HostConfig.ReadinessCheck) gate the embedded DNS:
 * the aliases of a network namespace's endpoints (a kube Service's name on a
 * pod's infra container) are answered only while every container of that
 * namespace that has a readiness check passes it, as a Kubernetes pod is ready
 * when all its containers are. Containers without one count as ready.
 */
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { CONTAINER_PREFIX, networkOwner } from '../containers/network-mode.js';
import { probeOf } from '../containers/probe-test.js';

function hasReadinessCheck(c: Container): boolean {
  return probeOf(c.record.HostConfig.ReadinessCheck ?? undefined) !== undefined;
}

/** Whether the aliases of `owner`'s endpoints answer: every container of its namespace with a readiness check passes it. */
export function namespaceReady(ctx: EngineContext, owner: Container): boolean {
  const joined = CONTAINER_PREFIX + owner.id;
  const gated = [owner, ...ctx.store.all().filter((x) => x.record.HostConfig.NetworkMode === joined)].filter(hasReadinessCheck);
  return gated.every((x) => x.running && !x.record.State.Restarting && x.record.State.Readiness?.Status === 'healthy');
}

/** After `c`'s readiness changed: show or hide the aliases of the endpoints it answers on. */
export async function updateReadiness(ctx: EngineContext, c: Container): Promise<void> {
  const network = ctx.deps.network;
  const owner = networkOwner(ctx.store, c);
  if (network && owner) await network.setReady(owner.id, namespaceReady(ctx, owner));
}
