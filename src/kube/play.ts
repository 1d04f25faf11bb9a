/**
 * `kube play`: makes a plan's volumes, then each pod with its members, and
 * starts the pods; a Job's pods beyond its parallelism start as earlier ones
 * complete (play returns once the last has started). A play that fails
 * part-way removes what it made, so a failed play leaves nothing behind
 * (volumes that existed before are kept).
 */
import type { ApiClient } from '../client/client.js';
import { createContainer, removeContainer, startContainer, waitContainer } from '../client/containers.js';
import { createPod, podAction, removePod } from '../client/pods.js';
import { createVolume, inspectVolume, removeVolume } from '../client/volumes.js';
import { copyInjectedFiles } from '../compose/project/injected-files.js';
import { failedPrecondition, isNotFound } from '../errdefs/index.js';
import { kubeLabels } from './labels.js';
import type { Plan } from './plan.js';
import type { PodMember } from './pod.js';
import { nodeNameOnce, PodEnv } from './pod-env.js';

export interface PlayReport {
  volumes: string[];
  pods: { id: string; containers: string[] }[];
}

export interface PlayOptions {
  start: boolean;
}

/** Creates a volume unless it exists; true when this call made it. */
async function ensureVolume(client: ApiClient, name: string, labels: Record<string, string>, driverOpts?: Record<string, string>): Promise<boolean> {
  try {
    await inspectVolume(client, name);
    return false;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await createVolume(client, { Name: name, Labels: labels, ...(driverOpts ? { DriverOpts: driverOpts } : {}) });
  return true;
}

async function createMember(client: ApiClient, c: PodMember, env: PodEnv): Promise<string> {
  const { Id } = await createContainer(client, await env.resolve(c), { name: c.name });
  await copyInjectedFiles(client, Id, c.files.map((f) => ({ ...f, uid: 0, gid: 0 })));
  return Id;
}

/** An init container: started (which starts the pod's infra first), waited for, and removed once it exits 0. */
async function runToCompletion(client: ApiClient, c: PodMember, env: PodEnv): Promise<void> {
  const id = await createMember(client, c, env);
  const { result } = await waitContainer(client, id, 'next-exit');
  await startContainer(client, id);
  const { StatusCode } = await result;
  if (StatusCode !== 0) throw failedPrecondition(`init container ${c.name} exited with code ${StatusCode}`);
  await removeContainer(client, id);
}

export async function play(client: ApiClient, plan: Plan, o: PlayOptions): Promise<PlayReport> {
  const report: PlayReport = { volumes: [], pods: [] };
  const madeVolumes: string[] = [];
  const madePods: string[] = [];
  const nodeName = nodeNameOnce(client);
  try {
    for (const v of plan.volumes) {
      if (await ensureVolume(client, v.name, v.labels)) madeVolumes.push(v.name);
      report.volumes.push(v.name);
    }
    // Pods are independent of each other: made at once, each settled before a failure undoes them all.
    const made = await Promise.allSettled(
      plan.pods.map(async (pod) => {
        for (const scratch of pod.scratchVolumes) if (await ensureVolume(client, scratch.name, kubeLabels('emptyDir', pod.name), scratch.driverOpts)) madeVolumes.push(scratch.name);
        const { Id } = await createPod(client, pod.create);
        madePods.push(Id);
        const env = new PodEnv(client, Id, { start: o.start, nodeName });
        if (o.start) for (const init of pod.initContainers) await runToCompletion(client, init, env);
        const containers: string[] = [];
        for (const c of pod.containers) containers.push(await createMember(client, c, env));
        return { id: Id, containers };
      }),
    );
    for (const r of made) {
      if (r.status === 'rejected') throw r.reason;
      report.pods.push(r.value);
    }
    if (o.start) await startPods(client, plan, report);
  } catch (err) {
    await undo(client, madePods, madeVolumes);
    throw err;
  }
  return report;
}

/** Every container of the pod has stopped for good (a restarting one is still running). */
async function completed(client: ApiClient, pod: PlayReport['pods'][number]): Promise<void> {
  await Promise.all(pod.containers.map(async (id) => (await waitContainer(client, id, 'not-running')).result));
}

/** All at once; a pod with `after` once that pod has started and completed. */
async function startPods(client: ApiClient, plan: Plan, report: PlayReport): Promise<void> {
  const index = new Map(plan.pods.map((p, i) => [p.name, i]));
  await Promise.all(plan.pods.map((pod, i) => (pod.after === undefined ? podAction(client, report.pods[i]!.id, 'start') : undefined)));
  // Each waits for its predecessor (earlier in the plan, so already in the map, or started above).
  const started = new Map<string, Promise<void>>();
  for (const [i, pod] of plan.pods.entries()) {
    const before = pod.after === undefined ? undefined : index.get(pod.after);
    if (before === undefined) continue;
    const previous = started.get(pod.after!);
    started.set(pod.name, (async () => {
      await previous;
      await completed(client, report.pods[before]!);
      await podAction(client, report.pods[i]!.id, 'start');
    })());
  }
  await Promise.all(started.values());
}

/** Best effort: the play's own error is the one to report. */
async function undo(client: ApiClient, pods: readonly string[], volumes: readonly string[]): Promise<void> {
  for (const id of pods) await removePod(client, id, true).catch(() => undefined);
  for (const name of volumes) await removeVolume(client, name, true).catch(() => undefined);
}
