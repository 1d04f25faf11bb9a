/**
 * A Kubernetes file as what `kube play` makes: named volumes for its
 * PersistentVolumeClaims and pods for its Pods, Deployments and DaemonSets, resolved against
 * its ConfigMaps and Secrets, with its Services as the selected pods' aliases. Other kinds are skipped with a warning.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { EnvSources } from './env.js';
import { Fields, isPlainMap } from './fields.js';
import { KUBE_VOLUME_ANNOTATION, kubeLabels } from './labels.js';
import { planPod, type PodPlan } from './pod.js';
import { applyServices, planService, type ServicePlan } from './service.js';

export interface VolumePlan {
  /** The Docker volume: the claim's name, or the one its `io.wharf.kube.volume` annotation gives. */
  name: string;
  claim: string;
  labels: Record<string, string>;
}

export interface Plan {
  volumes: VolumePlan[];
  pods: PodPlan[];
  /** Already applied to `pods` (aliases, published ports). */
  services: ServicePlan[];
  /** Each names the path of a field Wharf does not honour. */
  warnings: string[];
}

const NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

interface Doc {
  kind: string;
  name: string;
  namespace: string;
  root: Fields;
  meta: Fields;
}

/** Reads a document's kind and metadata; warnings go to `warnings`. */
function open(doc: unknown, index: number, warnings: string[]): Doc {
  const kind = isPlainMap(doc) && typeof doc.kind === 'string' ? doc.kind : undefined;
  if (!kind || !isPlainMap(doc)) throw invalidArgument(`invalid document ${index + 1}: kind: required`);
  const rawName = isPlainMap(doc.metadata) ? doc.metadata.name : undefined;
  const root = Fields.root(doc, { object: `${kind} "${typeof rawName === 'string' ? rawName : ''}"`, warnings });
  root.ignore('apiVersion', 'kind', 'status');
  const meta = root.object('metadata') ?? root.fail('metadata', 'required');
  const name = meta.requiredString('name');
  if (!NAME_RE.test(name) || name.length > 253) meta.fail('name', `invalid name "${name}": lowercase letters, digits, '-' and '.'`);
  // A namespace means nothing on one host but what a fieldRef reads; labels and annotations are read where they matter.
  const namespace = meta.string('namespace') ?? 'default';
  meta.ignore('labels', 'annotations');
  return { kind, name, namespace, root, meta };
}

function configData({ root, meta }: Doc, secret: boolean): Record<string, string> {
  meta.done();
  const out: Record<string, string> = {};
  // A Secret's `data` is base64; `stringData` is plain and wins, as the API server merges them.
  for (const [k, v] of Object.entries(root.stringMap('data'))) out[k] = secret ? Buffer.from(v, 'base64').toString('utf8') : v;
  if (secret) {
    Object.assign(out, root.stringMap('stringData'));
    root.ignore('type');
  }
  root.ignore('immutable');
  root.done();
  return out;
}

function podOf({ kind, name, namespace, root, meta }: Doc, sources: EnvSources): PodPlan {
  const spec = root.object('spec') ?? root.fail('spec', 'required');
  root.done();
  const plan = planPod(name, meta, spec, { kind, name, namespace }, sources);
  meta.done();
  return plan;
}

/** Replica `i` of a Deployment; a DaemonSet has one, this host's. */
function replicaOf({ kind, name, namespace, root, meta }: Doc, i: number, sources: EnvSources): { replicas: number; plan: PodPlan } {
  const spec = root.object('spec') ?? root.fail('spec', 'required');
  const replicas = kind === 'DaemonSet' ? 1 : (spec.int('replicas') ?? 1);
  if (replicas < 0) spec.fail('replicas', 'must be greater than or equal to 0');
  // Scheduling and roll-out settings have no meaning for pods on one host.
  spec.ignore('selector', 'strategy', 'updateStrategy', 'revisionHistoryLimit', 'minReadySeconds', 'progressDeadlineSeconds', 'paused');
  const template = spec.object('template') ?? spec.fail('template', 'required');
  const tMeta = template.object('metadata');
  const tSpec = template.object('spec') ?? template.fail('spec', 'required');
  const plan = planPod(`${name}-pod-${i}`, tMeta, tSpec, { kind, name, namespace }, sources);
  tMeta?.ignore('name');
  tMeta?.done();
  template.done();
  spec.done();
  meta.done();
  root.done();
  return { replicas, plan };
}

function serviceOf({ name, root, meta }: Doc): ServicePlan {
  meta.done();
  const plan = planService(name, root.object('spec') ?? root.fail('spec', 'required'));
  root.done();
  return plan;
}

/**
 * A Job's `completions` pods, all made at once and run `parallelism` at a time (play waits to start
 * the later ones). Docker's on-failure policy retries a failing container in place:
 * `restartPolicy: OnFailure` retries each up to `backoffLimit` times.
 */
function jobOf({ name, namespace, root, meta }: Doc, sources: EnvSources): PodPlan[] {
  const spec = root.object('spec') ?? root.fail('spec', 'required');
  const completions = spec.int('completions') ?? 1;
  if (completions < 1) spec.fail('completions', 'must be greater than or equal to 1');
  let parallelism = spec.int('parallelism') ?? 1;
  if (parallelism < 0) spec.fail('parallelism', 'must be greater than or equal to 0');
  if (parallelism === 0) {
    spec.warn('parallelism', '0 (a suspended Job) is not supported: its pods run one at a time');
    parallelism = 1;
  }
  const backoffLimit = spec.int('backoffLimit') ?? 6;
  if (backoffLimit < 0) spec.fail('backoffLimit', 'must be greater than or equal to 0');
  spec.ignore('selector', 'manualSelector', 'completionMode');
  const template = spec.object('template') ?? spec.fail('template', 'required');
  const tMeta = template.object('metadata');
  const tSpec = template.object('spec') ?? template.fail('spec', 'required');
  // The template is read once per pod: its warnings repeat, and are printed once.
  const pods = Array.from({ length: completions }, (_, i) => planPod(`${name}-pod-${i}`, tMeta, tSpec, { kind: 'Job', name, namespace }, sources));
  // `parallelism` lanes: a pod beyond them starts once the one `parallelism` places before it has completed.
  pods.forEach((p, i) => {
    if (i >= parallelism) p.after = pods[i - parallelism]!.name;
  });
  for (const c of pods.flatMap((p) => p.containers)) {
    const policy = c.body.HostConfig?.RestartPolicy;
    if (policy?.Name === 'always') tSpec.fail('restartPolicy', 'a Job\'s pods must be Never or OnFailure');
    if (policy?.Name === 'on-failure') policy.MaximumRetryCount = backoffLimit;
  }
  tMeta?.ignore('name');
  tMeta?.done();
  template.done();
  spec.done();
  meta.done();
  root.done();
  return pods;
}

function volumeOf({ name, root, meta }: Doc): VolumePlan {
  const labels = meta.stringMap('labels');
  // `kube generate` names the Docker volume a claim stands for where the claim cannot bear its name (`proj_data`).
  const volume = meta.stringMap('annotations')[KUBE_VOLUME_ANNOTATION] ?? name;
  meta.done();
  const spec = root.object('spec');
  // Size, access modes and storage classes describe cluster storage: a local volume has none of them.
  spec?.ignore('accessModes', 'resources', 'storageClassName', 'volumeMode');
  spec?.done();
  root.done();
  return { name: volume, claim: name, labels: { ...labels, ...kubeLabels('PersistentVolumeClaim', name) } };
}

/** Pods mount a claim's Docker volume, where its annotation names another. */
function mountClaimVolumes(plan: Plan): void {
  const volumeOf = new Map(plan.volumes.filter((v) => v.name !== v.claim).map((v) => [v.claim, v.name]));
  if (volumeOf.size === 0) return;
  for (const c of plan.pods.flatMap((p) => [...p.initContainers, ...p.containers])) {
    for (const m of c.body.HostConfig?.Mounts ?? []) if (m.Type === 'volume' && m.Source && volumeOf.has(m.Source)) m.Source = volumeOf.get(m.Source);
  }
}

/** The plan of a file's documents; throws on the first invalid object. `lenient`: see EnvSources. */
export function planFile(docs: readonly unknown[], o: { lenient?: boolean } = {}): Plan {
  const warnings: string[] = [];
  const sources = { configMaps: new Map<string, Record<string, string>>(), secrets: new Map<string, Record<string, string>>(), lenient: o.lenient };
  // ConfigMaps and Secrets first: a Pod may use one written after it.
  docs.forEach((raw, i) => {
    const kind = isPlainMap(raw) ? raw.kind : undefined;
    if (kind !== 'ConfigMap' && kind !== 'Secret') return;
    const doc = open(raw, i, warnings);
    (kind === 'ConfigMap' ? sources.configMaps : sources.secrets).set(doc.name, configData(doc, kind === 'Secret'));
  });
  const plan: Plan = { volumes: [], pods: [], services: [], warnings };
  docs.forEach((raw, i) => {
    const kind = isPlainMap(raw) ? raw.kind : undefined;
    if (kind === 'ConfigMap' || kind === 'Secret') return;
    const doc = open(raw, i, warnings);
    if (doc.kind === 'Pod') plan.pods.push(podOf(doc, sources));
    else if (doc.kind === 'PersistentVolumeClaim') plan.volumes.push(volumeOf(doc));
    else if (doc.kind === 'Service') plan.services.push(serviceOf(doc));
    else if (doc.kind === 'Job') plan.pods.push(...jobOf(doc, sources));
    else if (doc.kind === 'Deployment' || doc.kind === 'DaemonSet') {
      const first = replicaOf(doc, 0, sources);
      if (first.replicas > 0) plan.pods.push(first.plan);
      // The other replicas read the same template again: their warnings would repeat the first's.
      for (let r = 1; r < first.replicas; r++) plan.pods.push(replicaOf(open(raw, i, []), r, sources).plan);
    } else warnings.push(`${doc.kind} "${doc.name}": kind ${doc.kind} is not supported by Wharf, skipped`);
  });
  mountClaimVolumes(plan);
  // A Service may come before the pods it selects.
  warnings.push(...applyServices(plan.services, plan.pods));
  // Caught here rather than by the daemon's name conflict half-way through the play.
  const names = new Set<string>();
  for (const pod of plan.pods) {
    if (names.has(pod.name)) throw invalidArgument(`pod name "${pod.name}" is used twice in the file`);
    names.add(pod.name);
  }
  return plan;
}
