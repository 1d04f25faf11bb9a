/**
 * `kube down`: removes the pods a file's Pods and Deployments made (found by
 * name, and only if `kube play` made them, by their labels), their scratch
 * volumes, and with `force` the volumes of its PersistentVolumeClaims.
 */
import type { ApiClient } from '../client/client.js';
import { inspectPod, removePod } from '../client/pods.js';
import { inspectVolume, removeVolume } from '../client/volumes.js';
import { orUndefined } from './found.js';
import { KUBE_KIND_LABEL, KUBE_NAME_LABEL } from './labels.js';
import type { Plan } from './plan.js';

export interface DownReport {
  pods: string[];
  volumes: string[];
}

function madeBy(labels: Record<string, string> | null | undefined, kind: string, name?: string): boolean {
  return labels?.[KUBE_KIND_LABEL] === kind && (name === undefined || labels[KUBE_NAME_LABEL] === name);
}

async function removeIfMadeBy(client: ApiClient, name: string, kind: string, owner?: string): Promise<boolean> {
  const v = await orUndefined(inspectVolume(client, name));
  if (!v || !madeBy(v.Labels, kind, owner)) return false;
  await removeVolume(client, name, true);
  return true;
}

export async function down(client: ApiClient, plan: Plan, o: { force: boolean }): Promise<DownReport> {
  const report: DownReport = { pods: [], volumes: [] };
  // The pods go at once, as compose's containers do: each removal mostly waits (stop, runc, the
  // network's teardown), so overlapping them is what makes a Deployment's down quick.
  const removed = await Promise.all(
    plan.pods.map(async (pod) => {
      const found = await orUndefined(inspectPod(client, pod.name));
      const owner = pod.create.Labels ?? {};
      if (!found || !madeBy(found.Labels, owner[KUBE_KIND_LABEL]!, owner[KUBE_NAME_LABEL])) return undefined;
      await removePod(client, found.Id, true);
      return { id: found.Id, scratch: pod.scratchVolumes.map((v) => v.name) };
    }),
  );
  const scratch: string[] = [];
  for (const r of removed) {
    if (!r) continue;
    report.pods.push(r.id);
    scratch.push(...r.scratch);
  }
  // Scratch volumes go with their pods unreported, as podman's anonymous emptyDir volumes do.
  await Promise.all(scratch.map((name) => removeIfMadeBy(client, name, 'emptyDir')));
  if (o.force) for (const v of plan.volumes) if (await removeIfMadeBy(client, v.name, 'PersistentVolumeClaim', v.claim)) report.volumes.push(v.name);
  return report;
}
