/**
 * `kube play`: makes a plan's volumes, then each pod with its members, and
 * starts the pods. A play that fails part-way removes what it made, so a failed
 * play leaves nothing behind (volumes that existed before are kept).
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

export interface PlayReport {
  volumes: string[];
  pods: { id: string; containers: string[] }[];
}

export interface PlayOptions {
  start: boolean;
}

/** Creates a volume unless it exists; true when this call made it. */
async function ensureVolume(client: ApiClient, name: string, labels: Record<string, string>): Promise<boolean> {
  try {
    await inspectVolume(client, name);
    return false;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await createVolume(client, { Name: name, Labels: labels });
  return true;
}

async function createMember(client: ApiClient, c: PodMember): Promise<string> {
  const { Id } = await createContainer(client, c.body, { name: c.name });
  await copyInjectedFiles(client, Id, c.files.map((f) => ({ ...f, uid: 0, gid: 0 })));
  return Id;
}

/** An init container: started (which starts the pod's infra first), waited for, and removed once it exits 0. */
async function runToCompletion(client: ApiClient, c: PodMember): Promise<void> {
  const id = await createMember(client, c);
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
  try {
    for (const v of plan.volumes) {
      if (await ensureVolume(client, v.name, v.labels)) madeVolumes.push(v.name);
      report.volumes.push(v.name);
    }
    for (const pod of plan.pods) {
      for (const scratch of pod.scratchVolumes) if (await ensureVolume(client, scratch, kubeLabels('emptyDir', pod.name))) madeVolumes.push(scratch);
      const { Id } = await createPod(client, pod.create);
      madePods.push(Id);
      if (o.start) for (const init of pod.initContainers) await runToCompletion(client, init);
      const containers: string[] = [];
      for (const c of pod.containers) containers.push(await createMember(client, c));
      report.pods.push({ id: Id, containers });
    }
    if (o.start) for (const id of madePods) await podAction(client, id, 'start');
  } catch (err) {
    await undo(client, madePods, madeVolumes);
    throw err;
  }
  return report;
}

/** Best effort: the play's own error is the one to report. */
async function undo(client: ApiClient, pods: readonly string[], volumes: readonly string[]): Promise<void> {
  for (const id of pods) await removePod(client, id, true).catch(() => undefined);
  for (const name of volumes) await removeVolume(client, name, true).catch(() => undefined);
}
