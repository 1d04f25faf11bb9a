/**
 * A container's environment from `env` (values, configMapKeyRef, secretKeyRef)
 * and `envFrom`, resolved against the ConfigMaps and Secrets of the same file.
 */
import type { Fields } from './fields.js';

/** ConfigMaps and Secrets by name, their data decoded. */
export interface EnvSources {
  configMaps: ReadonlyMap<string, Record<string, string>>;
  secrets: ReadonlyMap<string, Record<string, string>>;
  /** kube down needs only names: a reference to a ConfigMap it was not given is no error there. */
  lenient?: boolean;
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

/** `NAME=value` lines: envFrom first, then env, whose later entries win as in Kubernetes. */
export function containerEnv(c: Fields, sources: EnvSources): string[] {
  const env = new Map<string, string>();
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
    const resolved = cm ? lookup(cm, 'ConfigMap', sources, true) : secret ? lookup(secret, 'Secret', sources, true) : undefined;
    valueFrom.done();
    if (typeof resolved === 'string') env.set(name, resolved);
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}
