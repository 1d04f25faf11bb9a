/**
 * `wharf kube generate`: containers and pods read through the Engine API and
 * `/wharf/pods/…`, written as Kubernetes YAML (podman 4.3's kube generate).
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { ApiClient } from '../client/client.js';
import { inspectContainer } from '../client/containers.js';
import { inspectImage } from '../client/images.js';
import { inspectPod } from '../client/pods.js';
import { POD_INFRA_LABEL } from '../apitypes/pods.js';
import { conflict, notFound } from '../errdefs/index.js';
import { orUndefined } from './found.js';
import { generate, type GenContainer, type GenOptions, type GenPod } from './generate-convert.js';

async function member(client: ApiClient, id: string, podName?: string): Promise<GenContainer> {
  const inspect = await inspectContainer(client, id);
  // The image's config tells what the user set from what the image brought; a removed image: all of it is the user's.
  const image = (await orUndefined(inspectImage(client, inspect.Image)))?.Config ?? null;
  let name = inspect.Name.replace(/^\//, '');
  if (podName && name.startsWith(`${podName}-`) && name.length > podName.length + 1) name = name.slice(podName.length + 1);
  return { name, inspect, image };
}

/** Each argument: a container (gathered into one pod, podman's `<first>-pod`) or a pod. */
async function sources(client: ApiClient, refs: readonly string[]): Promise<GenPod[]> {
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
    const containers = await Promise.all(ids.map((id) => member(client, id, pod.Name)));
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

/** A container's labels less those its image brought. */
function userLabels(c: GenContainer): Record<string, string> {
  const fromImage = c.image?.Labels ?? {};
  return Object.fromEntries(Object.entries(c.inspect.Config.Labels ?? {}).filter(([k, v]) => fromImage[k] !== v));
}

const HEADER = '# Save the output of this file and use kubectl create -f to import it into Kubernetes.\n#\n# Created with wharf\n';

/** What generate needs of the CLI's context. */
export interface GenerateIO {
  client: ApiClient;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function kubeGenerate(io: GenerateIO, refs: readonly string[], o: GenOptions & { file?: string }): Promise<void> {
  const result = generate(await sources(io.client, refs), o);
  for (const w of result.warnings) io.stderr.write(`WARNING: ${w}\n`);
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
