/**
 * `wharf kube play` and `kube down`: Kubernetes YAML run on one host, through
 * the Engine API and Wharf's pod endpoints only, as podman's kube play does;
 * `kube generate` writes such YAML from containers and pods.
 */
import { readFile } from 'node:fs/promises';
import type { ApiClient } from '../client/client.js';
import { createNetwork, inspectNetwork } from '../client/networks.js';
import type { PortBinding } from '../apitypes/containers.js';
import { invalidArgument, isNotFound } from '../errdefs/index.js';
import { buildImages, type BuildMode, type ImageBuilder } from './build.js';
import { down } from './down.js';
import { isPlainMap } from './fields.js';
import { planFile, type Plan } from './plan.js';
import { play } from './play.js';
import { parseDocuments } from './yaml.js';

export { kubeGenerate } from './generate.js';
export type { BuildMode, ImageBuilder } from './build.js';

export interface KubeIO {
  client: ApiClient;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--configmap FILE`: documents that must all be ConfigMaps, as podman requires. */
async function configMapDocs(file: string): Promise<unknown[]> {
  const docs = parseDocuments(await readFile(file, 'utf8'), file);
  docs.forEach((doc, i) => {
    const kind = isPlainMap(doc) ? doc.kind : undefined;
    if (kind !== 'ConfigMap') throw invalidArgument(`--configmap ${file}: document ${i + 1} is a ${String(kind)}, not a ConfigMap`);
  });
  return docs;
}

async function documents(io: KubeIO, file: string): Promise<unknown[]> {
  const text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  return parseDocuments(text, file === '-' ? 'stdin' : file);
}

/** The plan of FILE (`-`: standard input) with the ConfigMaps of `configMaps` files; its warnings are printed. */
async function load(io: KubeIO, file: string, configMaps: readonly string[]): Promise<Plan> {
  const extra = (await Promise.all(configMaps.map(configMapDocs))).flat();
  const plan = planFile([...extra, ...(await documents(io, file))]);
  for (const w of new Set(plan.warnings)) io.stderr.write(`WARNING: ${w}\n`);
  return plan;
}

/** Podman 4.3's report: each volume, then each pod with its containers. */
export interface PlayFlags {
  start: boolean;
  replace: boolean;
  configMaps: readonly string[];
  /** The network every pod joins (default: the daemon's `bridge`). */
  network?: string;
  /** `--publish`, parsed by the CLI: `containerPort/protocol` → host bindings, overriding the file's for that port (podman's meaning). */
  publish?: Record<string, PortBinding[]>;
  /** `--build`: which images to build from directories named after them under `root` (build.ts). */
  build?: { mode: BuildMode; root: string; builder: ImageBuilder };
}

/** `--publish`: every pod declaring the container port publishes it as asked, instead of the file's hostPort. */
function applyPublish(plan: Plan, publish: Record<string, PortBinding[]>, stderr: NodeJS.WritableStream): void {
  for (const [port, bindings] of Object.entries(publish)) {
    const pods = plan.pods.filter((p) => p.containerPorts.includes(port));
    if (pods.length === 0) stderr.write(`WARNING: --publish ${port}: no container of the file declares this containerPort, not published\n`);
    for (const pod of pods) (pod.create.PortBindings ??= {})[port] = bindings.map((b) => ({ ...b }));
  }
}

/** The network of a play with Services and no --network: the default bridge has no embedded DNS to answer their names. */
export const KUBE_NETWORK = 'wharf-kube';

/** Made on first use and kept, as podman keeps its default kube network. */
async function ensureNetwork(client: ApiClient, name: string): Promise<void> {
  try {
    await inspectNetwork(client, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await createNetwork(client, { Name: name, Driver: 'bridge' });
  }
}

export async function kubePlay(io: KubeIO, file: string, o: PlayFlags): Promise<void> {
  const plan = await load(io, file, o.configMaps);
  const network = o.network ?? (plan.services.length > 0 ? KUBE_NETWORK : undefined);
  if (network === KUBE_NETWORK) await ensureNetwork(io.client, network);
  else if (network === 'bridge' && plan.services.length > 0) io.stderr.write('WARNING: --network bridge has no embedded DNS: service names do not resolve\n');
  // A pod's own hostNetwork wins over the flag.
  if (network) for (const pod of plan.pods) pod.create.Network ??= network;
  if (o.publish) applyPublish(plan, o.publish, io.stderr);
  if (o.build) await buildImages(io.client, plan, o.build);
  // --replace: what an earlier play of the file made goes first (claims' volumes stay, as in down).
  if (o.replace) await down(io.client, plan, { force: false });
  if (!o.start && plan.pods.some((p) => p.initContainers.length > 0)) io.stderr.write('WARNING: --start=false: init containers are not run\n');
  const report = await play(io.client, plan, o);
  const lines: string[] = [];
  for (const v of report.volumes) lines.push('Volume:', v);
  for (const pod of report.pods) {
    lines.push('Pod:', pod.id, pod.containers.length === 1 ? 'Container:' : 'Containers:', ...pod.containers, '');
  }
  io.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

export async function kubeDown(io: KubeIO, file: string, o: { force: boolean }): Promise<void> {
  // Down needs the names only: no warnings, and ConfigMaps given to play with --configmap need not be given again.
  const report = await down(io.client, planFile(await documents(io, file), { lenient: true }), o);
  const lines: string[] = [];
  if (report.pods.length > 0) lines.push('Pods stopped:', ...report.pods, 'Pods removed:', ...report.pods);
  if (report.volumes.length > 0) lines.push('Volumes removed:', ...report.volumes);
  io.stdout.write(lines.map((l) => `${l}\n`).join(''));
}
