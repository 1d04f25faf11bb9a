/**
 * `wharf kube generate`: containers and pods read through the Engine API and
 * `/wharf/pods/…`, written as Kubernetes YAML (podman 4.3's kube generate).
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { ApiClient } from '../client/client.js';
import { inspectContainer } from '../client/containers.js';
import { inspectPod } from '../client/pods.js';
import { POD_INFRA_LABEL } from '../apitypes/pods.js';
import { conflict, notFound } from '../errdefs/index.js';
import { orUndefined } from './found.js';
import { composeSources } from './generate-compose.js';
import { generate, type GenContainer, type GenOptions, type GenPod } from './generate-convert.js';
import { member, userLabels } from './generate-member.js';
import { KUBE_KIND_LABEL } from './labels.js';

/** Each argument: a container (gathered into one pod, podman's `<first>-pod`) or a pod. */
async function sources(client: ApiClient, refs: readonly string[], warnings: string[]): Promise<GenPod[]> {
  const pods: GenPod[] = [];
  const loose: GenContainer[] = [];
  for (const ref of refs) {
    const c = await orUndefined(inspectContainer(client, ref));
    if (c && !c.Config.Labels?.[POD_INFRA_LABEL]) {
      loose.push(await member(client, c.Id));
      continue;
    }
    const pod = await orUndefined(inspectPod(client, ref));
    if (!pod) throw notFound(`no such container or pod: ${ref}`);
    const ids = pod.Containers.filter((m) => m.Id !== pod.InfraContainerId).map((m) => m.Id);
    if (ids.length === 0) throw notFound(`pod ${pod.Name} has no containers to generate`);
    const containers = await Promise.all(ids.map((id) => member(client, id, { podName: pod.Name })));
    const madeFrom = pod.Labels?.[KUBE_KIND_LABEL];
    if (madeFrom) warnings.push(`pod ${pod.Name} was played from a ${madeFrom}: kube play records no ConfigMap or Secret it used, so its env is written as literal values and files of configMap or secret volumes are not written`);
    pods.push({
      name: pod.Name,
      labels: pod.Labels ?? {},
      portBindings: pod.InfraConfig.PortBindings ?? {},
      containers,
      ...(pod.Hostname && pod.Hostname !== pod.Name ? { hostname: pod.Hostname } : {}),
      hostNetwork: pod.InfraConfig.Network === 'host',
      extraHosts: pod.InfraConfig.ExtraHosts ?? [],
      dns: pod.InfraConfig.Dns ?? [],
      sharePid: pod.SharedNamespaces.includes('pid'),
    });
  }
  if (loose.length > 0) {
    const first = loose[0]!;
    const portBindings = Object.assign({}, ...loose.map((c) => c.inspect.HostConfig.PortBindings ?? {})) as GenPod['portBindings'];
    const labels = Object.assign({}, ...loose.map((c) => userLabels(c))) as Record<string, string>;
    const host = first.inspect.HostConfig;
    pods.unshift({
      name: `${first.name}-pod`,
      labels,
      portBindings,
      containers: loose,
      hostNetwork: host.NetworkMode === 'host',
      extraHosts: host.ExtraHosts ?? [],
      dns: host.Dns ?? [],
    });
  }
  return pods;
}

const HEADER = '# Save the output of this file and use kubectl create -f to import it into Kubernetes.\n#\n# Created with wharf\n';

/** What generate needs of the CLI's context. */
export interface GenerateIO {
  client: ApiClient;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface GenerateFlags extends GenOptions {
  file?: string;
  /** `--compose-project`: each a Deployment per service (or the `--type` asked for, other than pod). */
  composeProjects: readonly string[];
}

export async function kubeGenerate(io: GenerateIO, refs: readonly string[], o: GenerateFlags): Promise<void> {
  const warnings: string[] = [];
  const pods = await sources(io.client, refs, warnings);
  for (const name of o.composeProjects) {
    const services = await composeSources(io.client, name, warnings);
    pods.push(...services.map((p) => ({ ...p, type: o.type === 'pod' ? ('deployment' as const) : o.type })));
  }
  const result = generate(pods, o);
  for (const w of [...warnings, ...result.warnings]) io.stderr.write(`WARNING: ${w}\n`);
  const text = HEADER + result.objects.map((obj) => stringify(obj, { lineWidth: 0 })).join('---\n');
  if (!o.file) {
    io.stdout.write(text);
    return;
  }
  // As podman: an existing file is never replaced.
  try {
    await writeFile(o.file, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw conflict(`cannot write to ${o.file}: file already exists`);
    throw err;
  }
}
