/**
 * A pod's commands over its containers' own: start brings the infra container
 * up first (the others join its namespaces), stop takes the members down
 * before it, remove removes them all and then the record. Each takes the
 * pod's lock, so two commands on one pod never interleave.
 */
import type { PodActionResponse } from '../../apitypes/pods.js';
import { conflict, isKind } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { killContainer, pauseContainer, stopContainer, unpauseContainer } from '../containers/control.js';
import { startContainer } from '../containers/lifecycle.js';
import { removeContainer } from '../containers/remove.js';
import { podContainers } from './members.js';
import type { Pod } from './store.js';

const log = logger('engine');

function answer(pod: Pod, acted: Container[]): PodActionResponse {
  return { Id: pod.id, Containers: acted.map((c) => c.id) };
}

/** Run `fn` on each container; every one is tried, then the first failure is the answer. */
async function eachOf(cs: Container[], fn: (c: Container) => Promise<void>, opts: { parallel: boolean }): Promise<void> {
  const errors: unknown[] = [];
  const one = (c: Container): Promise<void> => fn(c).catch((err: unknown) => void errors.push(err));
  if (opts.parallel) await Promise.all(cs.map(one));
  else for (const c of cs) await one(c);
  if (errors.length > 0) throw errors[0];
}

/** Start a container unless it runs already. */
async function ensureStarted(ctx: EngineContext, c: Container): Promise<void> {
  if (c.running && !c.record.State.Restarting) return;
  await startContainer(ctx, c).catch((err: unknown) => {
    if (!isKind(err, 'not-modified')) throw err;
  });
}

function infraOf(ctx: EngineContext, pod: Pod): Container {
  const { infra } = podContainers(ctx, pod);
  if (!infra) throw conflict(`pod ${pod.name} has no infra container: remove the pod and create it again`);
  return infra;
}

/** The infra container, started if it is not running: what a member needs before it can start. */
export async function startInfra(ctx: EngineContext, pod: Pod): Promise<void> {
  await pod.lock.run(() => ensureStarted(ctx, infraOf(ctx, pod)));
}

export async function startPod(ctx: EngineContext, pod: Pod): Promise<PodActionResponse> {
  return pod.lock.run(async () => {
    const infra = infraOf(ctx, pod);
    await ensureStarted(ctx, infra);
    const { members } = podContainers(ctx, pod);
    await eachOf(members, (c) => ensureStarted(ctx, c), { parallel: false });
    return answer(pod, [infra, ...members]);
  });
}

async function stopLocked(ctx: EngineContext, pod: Pod, timeout: number | undefined): Promise<Container[]> {
  const { infra, members } = podContainers(ctx, pod);
  const stop = async (c: Container): Promise<void> => {
    if (c.running) await stopContainer(ctx, c, timeout === undefined ? {} : { timeout });
  };
  const running = [...members, ...(infra ? [infra] : [])].filter((c) => c.running);
  await eachOf(members, stop, { parallel: true });
  if (infra) await stop(infra);
  return running;
}

export async function stopPod(ctx: EngineContext, pod: Pod, opts: { timeout?: number } = {}): Promise<PodActionResponse> {
  return pod.lock.run(async () => answer(pod, await stopLocked(ctx, pod, opts.timeout)));
}

export async function restartPod(ctx: EngineContext, pod: Pod, opts: { timeout?: number } = {}): Promise<PodActionResponse> {
  await stopPod(ctx, pod, opts);
  return startPod(ctx, pod);
}

function runningOf(ctx: EngineContext, pod: Pod): Container[] {
  const { infra, members } = podContainers(ctx, pod);
  const running = [...members, ...(infra ? [infra] : [])].filter((c) => c.running);
  if (running.length === 0) throw conflict(`pod ${pod.name} is not running`);
  return running;
}

export async function killPod(ctx: EngineContext, pod: Pod, signal?: string): Promise<PodActionResponse> {
  return pod.lock.run(async () => {
    const running = runningOf(ctx, pod);
    await eachOf(running, (c) => killContainer(ctx, c, signal), { parallel: true });
    return answer(pod, running);
  });
}

export async function pausePod(ctx: EngineContext, pod: Pod): Promise<PodActionResponse> {
  return pod.lock.run(async () => {
    const running = runningOf(ctx, pod).filter((c) => !c.record.State.Paused);
    await eachOf(running, (c) => pauseContainer(ctx, c), { parallel: true });
    return answer(pod, running);
  });
}

export async function unpausePod(ctx: EngineContext, pod: Pod): Promise<PodActionResponse> {
  return pod.lock.run(async () => {
    const paused = runningOf(ctx, pod).filter((c) => c.record.State.Paused);
    await eachOf(paused, (c) => unpauseContainer(ctx, c), { parallel: true });
    return answer(pod, paused);
  });
}

/**
 * Remove every container of the pod (members first), then its record. Without
 * force a running container refuses the whole removal, before anything goes.
 */
export async function removePod(ctx: EngineContext, pod: Pod, opts: { force: boolean }): Promise<PodActionResponse> {
  return pod.lock.run(async () => {
    const { infra, members } = podContainers(ctx, pod);
    const all = [...members, ...(infra ? [infra] : [])];
    if (!opts.force && all.some((c) => c.running)) {
      throw conflict(`You cannot remove pod ${pod.id} with running containers. Stop the pod before attempting removal or force remove`);
    }
    // A member someone else is removing (`docker rm -f` of all of them at once) is theirs to finish.
    const removeMember = (c: Container): Promise<void> => (c.removing ? Promise.resolve() : removeContainer(ctx, c, { force: opts.force, volumes: true }));
    await eachOf(members, removeMember, { parallel: true });
    if (infra) await removeContainer(ctx, infra, { force: true, volumes: true });
    await ctx.pods.delete(pod);
    log.debug('pod removed', { id: pod.id });
    return answer(pod, all);
  });
}
