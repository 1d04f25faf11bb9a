/**
 * The Compose Specification's merge of several files, on normalized content:
 * mappings merge key by key, sequences append, `command`, `entrypoint` and
 * `healthcheck.test` replace; ports, volumes, secrets and configs merge by
 * their key (the same binding, target or mount declared again replaces the
 * earlier one); string lists (`expose`, `dns`, `cap_add`, …) keep each value
 * once. `!reset` removes what earlier files said, `!override` replaces it whole.
 */
import { portKey } from './ports.js';
import type { PortConfig, ServiceObjectRef, ServiceVolumeConfig } from '../types.js';
import { isYamlMap, Tagged, type Yaml, type YamlMap } from './yaml.js';

/** Path patterns (`*` is any key) whose value replaces, never merges. */
const REPLACE = ['services.*.command', 'services.*.entrypoint', 'services.*.healthcheck.test', 'services.*.post_start.*.command', 'services.*.pre_stop.*.command'];

/** Sequences of objects merged by a key. */
const KEYED: Record<string, (item: Yaml) => string> = {
  'services.*.ports': (p) => portKey(p as unknown as PortConfig),
  'services.*.volumes': (v) => (v as unknown as ServiceVolumeConfig).target,
  'services.*.secrets': (s) => mountKey(s as unknown as ServiceObjectRef, '/run/secrets/'),
  'services.*.configs': (c) => mountKey(c as unknown as ServiceObjectRef, '/'),
  'services.*.env_file': (e) => String((e as YamlMap).path),
};

function mountKey(ref: ServiceObjectRef, dir: string): string {
  return ref.target ?? `${dir}${ref.source}`;
}

function matches(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i]);
}

/** A value with its tags applied as a value alone: a `!reset` key is gone, `!override` is its value. */
export function stripTags(v: Yaml): Yaml | undefined {
  if (v instanceof Tagged) return v.tag === 'reset' ? undefined : stripTags(v.value);
  if (Array.isArray(v)) return v.map((x) => stripTags(x)).filter((x): x is Yaml => x !== undefined);
  if (isYamlMap(v)) {
    const out: YamlMap = {};
    for (const [k, x] of Object.entries(v)) {
      const s = stripTags(x);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return v;
}

function mergeSequence(base: Yaml[], over: Yaml[], path: readonly string[]): Yaml[] {
  const keyed = Object.entries(KEYED).find(([pattern]) => matches(pattern, path))?.[1];
  const key = keyed ?? (over.every((x) => typeof x === 'string') && base.every((x) => typeof x === 'string') ? (x: Yaml) => x as string : undefined);
  if (!key) return [...base, ...over];
  const out = [...base];
  for (const item of over) {
    const i = out.findIndex((x) => key(x) === key(item));
    if (i >= 0) out[i] = item;
    else out.push(item);
  }
  return out;
}

/** `over` (a later file) merged onto `base` (tags already applied) at `path` (`['services', 'web', 'ports']`). */
export function mergeValue(base: Yaml | undefined, over: Yaml, path: readonly string[]): Yaml | undefined {
  if (over instanceof Tagged) return over.tag === 'reset' ? undefined : stripTags(over.value);
  if (base === undefined || base === null || REPLACE.some((p) => matches(p, path))) return stripTags(over);
  if (Array.isArray(base) && Array.isArray(over)) return mergeSequence(base, over.map((x) => stripTags(x)).filter((x): x is Yaml => x !== undefined), path);
  if (isYamlMap(base) && isYamlMap(over)) {
    // A logging driver changed: the old driver's options mean nothing to the new one.
    if (matches('services.*.logging', path) && base.driver !== undefined && over.driver !== undefined && base.driver !== over.driver) return stripTags(over);
    const out: YamlMap = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const merged = mergeValue(base[k], v, [...path, k]);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return stripTags(over);
}
