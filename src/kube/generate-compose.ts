/**
 * `kube generate --compose-project NAME`: a project `wharf compose up` made,
 * found again by Compose's labels, as kompose writes one: a workload per
 * service (replicas: its running containers), reached by its name through a
 * headless Service; its configs and secrets read back from the containers.
 */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { ApiClient } from '../client/client.js';
import { getContainerArchive, listContainers } from '../client/containers.js';
import type { ContainerSummary } from '../apitypes/containers.js';
import { loadProject } from '../compose/loader/index.js';
import { LABELS, type Project } from '../compose/types.js';
import { objectTarget, type ObjectKind } from '../compose/project/injected-files.js';
import { notFound } from '../errdefs/index.js';
import type { GenContainer, GenPod } from './generate-convert.js';
import type { GenFile } from './generate-files.js';
import { member, userLabels } from './generate-member.js';

/** The project's files, re-read where its containers say they are; undefined (and a warning) when they cannot be. */
async function projectOf(name: string, labels: Record<string, string>, warnings: string[]): Promise<Project | undefined> {
  const dir = labels[LABELS.workingDir];
  const files = (labels[LABELS.configFiles] ?? '').split(',').filter(Boolean);
  try {
    if (!dir || files.length === 0) throw new Error('its containers do not name them');
    return await loadProject({ configFiles: files, projectName: name, projectDirectory: dir, envFiles: [], profiles: [], env: process.env, cwd: dir });
  } catch (err) {
    warnings.push(`compose project ${name}: its files cannot be read (${(err as Error).message}): its configs and secrets are not written`);
    return undefined;
  }
}

/** The first regular file of the tar of `path` in container `id`. */
async function fileOf(client: ApiClient, id: string, path: string): Promise<Buffer> {
  const { tar: stream } = await getContainerArchive(client, id, path);
  const extract = tar.extract();
  Readable.from(stream).pipe(extract);
  let content: Buffer | undefined;
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (content === undefined && entry.header.type === 'file') content = Buffer.concat(chunks);
  }
  if (content === undefined) throw notFound(`${path} is not a file`);
  return content;
}

/** The service's configs and secrets as they are in container `id` (the project's files say where). */
async function givenFiles(client: ApiClient, id: string, project: Project | undefined, service: string, warnings: string[]): Promise<GenFile[]> {
  const s = project?.services[service];
  if (!s) return [];
  const files: GenFile[] = [];
  for (const [kind, refs] of [['secret', s.secrets], ['config', s.configs]] as Array<[ObjectKind, typeof s.secrets]>) {
    for (const ref of refs ?? []) {
      const path = objectTarget(kind, ref);
      try {
        const content = await fileOf(client, id, path);
        files.push({ kind: kind === 'secret' ? 'Secret' : 'ConfigMap', source: ref.source, path, content, mode: ref.mode ?? 0o444 });
      } catch (err) {
        warnings.push(`service ${service}: ${kind} ${ref.source} cannot be read from its container (${(err as Error).message}), left out`);
      }
    }
  }
  return files;
}

/** The labels a service's pods carry: the user's, without Compose's own (they would make the pods look like the project's containers). */
function serviceLabels(c: GenContainer): Record<string, string> {
  return Object.fromEntries(Object.entries(userLabels(c)).filter(([k]) => !k.startsWith('com.docker.compose.')));
}

function byService(containers: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
  const out = new Map<string, ContainerSummary[]>();
  const number = (c: ContainerSummary): number => Number(c.Labels[LABELS.containerNumber] ?? 0);
  for (const c of [...containers].sort((a, b) => number(a) - number(b))) {
    const service = c.Labels[LABELS.service];
    if (service) out.set(service, [...(out.get(service) ?? []), c]);
  }
  return out;
}

/** Project `name`'s services as pods to generate, in name order. */
export async function composeSources(client: ApiClient, name: string, warnings: string[]): Promise<GenPod[]> {
  const containers = await listContainers(client, { all: true, filters: { label: [`${LABELS.project}=${name}`, `${LABELS.oneoff}=False`] } });
  if (containers.length === 0) throw notFound(`no such compose project: ${name}`);
  const project = await projectOf(name, containers[0]!.Labels, warnings);
  const pods: GenPod[] = [];
  for (const [service, list] of [...byService(containers)].sort(([a], [b]) => a.localeCompare(b))) {
    const running = list.filter((c) => c.State === 'running');
    if (running.length === 0) warnings.push(`service ${service}: no container runs: written with 0 replicas`);
    const first = running[0] ?? list[0]!;
    const c = await member(client, first.Id, { name: service });
    c.files = await givenFiles(client, first.Id, project, service, warnings);
    const host = c.inspect.HostConfig;
    const mode = host.NetworkMode ?? '';
    if (c.inspect.Config.Labels?.[LABELS.dependsOn]) warnings.push(`service ${service}: depends_on is not carried: Kubernetes starts every workload at once`);
    if (mode.startsWith('container:') || mode.startsWith('service:')) warnings.push(`service ${service}: network_mode ${mode} is not carried: it gets a pod of its own`);
    pods.push({
      name: service,
      labels: serviceLabels(c),
      portBindings: host.PortBindings ?? {},
      containers: [c],
      exposed: Object.keys(c.inspect.Config.ExposedPorts ?? {}),
      replicas: running.length,
      byName: mode !== 'host' && mode !== 'none',
      hostNetwork: mode === 'host',
      extraHosts: host.ExtraHosts ?? [],
      dns: host.Dns ?? [],
    });
  }
  return pods;
}
