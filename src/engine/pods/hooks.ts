/**
 * Where the container commands meet pods (called from the container service,
 * not from the lifecycle primitives the pod commands themselves use): a member
 * starting brings its infra container up, and the infra container goes only
 * with its pod.
 */
import { conflict } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { removePod, startInfra } from './lifecycle.js';
import { podOf, podOfInfra } from './members.js';

/** A member joins the infra's namespaces, which exist only while it runs. */
export async function beforeMemberStart(ctx: EngineContext, c: Container): Promise<void> {
  const pod = podOf(ctx, c);
  if (pod && pod.record.InfraContainerId !== c.id) await startInfra(ctx, pod);
}

/**
 * `docker rm` of an infra container: refused, or with force the whole pod goes
 * (the members cannot live without it). True when the pod removal handled it.
 */
export async function removeInfraWithPod(ctx: EngineContext, c: Container, force: boolean): Promise<boolean> {
  const pod = podOfInfra(ctx, c);
  if (!pod) return false;
  if (!force) throw conflict(`container ${c.id} is the infra container of pod ${pod.name}: remove the pod instead`);
  await removePod(ctx, pod, { force: true });
  return true;
}
