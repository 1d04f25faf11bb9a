/**
 * A container's environment from `env` (values, configMapKeyRef, secretKeyRef,
 * fieldRef) and `envFrom`, resolved against the ConfigMaps and Secrets of the
 * same file and the pod's own fields (the downward API).
 */
import type { Fields } from './fields.js';

/** ConfigMaps and Secrets by name, their data decoded. */
export interface EnvSources {
  configMaps: ReadonlyMap<string, Record<string, string>>;
  secrets: ReadonlyMap<string, Record<string, string>>;
  /** kube down needs only names: a reference to a ConfigMap it was not given is no error there. */
  lenient?: boolean;
}

/** What a fieldRef may read of its pod when the plan is made. */
export interface PodFields {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod's `spec.nodeName`; when it names none, the daemon's host name is asked for at play. */
  nodeName?: string;
  serviceAccountName: string;
}

/** A fieldRef known at play (pod-env.ts): the pod's id (podman's uid), its address, the host's address on its network, the host's name. */
export interface PodEnvRef {
  name: string;
  field: 'metadata.uid' | 'status.podIP' | 'status.hostIP' | 'spec.nodeName';
}

const LATER_FIELDS = ['metadata.uid', 'status.podIP', 'status.hostIP', 'spec.nodeName'] as const;

/** Kubernetes' form of a whole map in the downward API: `key="value"` lines, sorted. */
function mapText(m: Record<string, string>): string {
  return Object.keys(m).sort().map((k) => `${k}=${JSON.stringify(m[k])}`).join('\n');
}

/** A fieldRef's value now, a PodEnvRef for later, or undefined (warned) for a path Wharf cannot read. */
function fieldValue(ref: Fields, name: string, pod: PodFields): string | PodEnvRef | undefined {
  const path = ref.requiredString('fieldPath');
  ref.ignore('apiVersion');
  ref.done();
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (keyed) return pod[keyed[1] as 'labels' | 'annotations'][keyed[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.name;
    case 'metadata.namespace': return pod.namespace;
    case 'metadata.labels': return mapText(pod.labels);
    case 'metadata.annotations': return mapText(pod.annotations);
    case 'spec.serviceAccountName': return pod.serviceAccountName;
  }
  if (path === 'spec.nodeName' && pod.nodeName !== undefined) return pod.nodeName;
  if ((LATER_FIELDS as readonly string[]).includes(path)) return { name, field: path as PodEnvRef['field'] };
  ref.warn('fieldPath', `"${path}" is not supported by Wharf, the variable is not set`);
  return undefined;
}

function lookup(ref: Fields, kind: 'ConfigMap' | 'Secret', sources: EnvSources, withKey: boolean): Record<string, string> | string | undefined {
  const name = ref.requiredString('name');
  const key = withKey ? ref.requiredString('key') : undefined;
  const optional = ref.bool('optional') ?? false;
  ref.done();
  const data = (kind === 'ConfigMap' ? sources.configMaps : sources.secrets).get(name);
  if (!data) {
    if (optional || sources.lenient) return undefined;
    ref.fail('name', `${kind} "${name}" not found`);
  }
  if (key === undefined) return data;
  const value = data[key];
  if (value === undefined && !optional && !sources.lenient) ref.fail('key', `${kind} "${name}" has no key "${key}"`);
  return value;
}

/** `NAME=value` lines: envFrom first, then env, whose later entries win as in Kubernetes; and those set once the pod exists. */
export function containerEnv(c: Fields, sources: EnvSources, pod: PodFields): { env: string[]; podEnv: PodEnvRef[] } {
  const env = new Map<string, string | PodEnvRef>();
  for (const from of c.objects('envFrom')) {
    const prefix = from.string('prefix') ?? '';
    const cm = from.object('configMapRef');
    const secret = from.object('secretRef');
    const data = cm ? lookup(cm, 'ConfigMap', sources, false) : secret ? lookup(secret, 'Secret', sources, false) : from.fail('configMapRef', 'configMapRef or secretRef required');
    from.done();
    if (typeof data === 'object') for (const [k, v] of Object.entries(data)) env.set(prefix + k, v);
  }
  for (const e of c.objects('env')) {
    const name = e.requiredString('name');
    const value = e.string('value');
    const valueFrom = e.object('valueFrom');
    e.done();
    if (!valueFrom) {
      env.set(name, value ?? '');
      continue;
    }
    const cm = valueFrom.object('configMapKeyRef');
    const secret = valueFrom.object('secretKeyRef');
    const field = valueFrom.object('fieldRef');
    const resolved = cm ? lookup(cm, 'ConfigMap', sources, true) : secret ? lookup(secret, 'Secret', sources, true) : undefined;
    const from = field ? fieldValue(field, name, pod) : typeof resolved === 'string' ? resolved : undefined;
    valueFrom.done();
    if (from !== undefined) env.set(name, from);
  }
  const lines: string[] = [];
  const podEnv: PodEnvRef[] = [];
  for (const [k, v] of env) {
    if (typeof v === 'string') lines.push(`${k}=${v}`);
    else podEnv.push(v);
  }
  return { env: lines, podEnv };
}
