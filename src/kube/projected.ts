/**
 * `configMap` and `secret` volumes: each key a file (or the `items` chosen, at
 * their `path`), with `defaultMode` or the item's `mode`. A single host has no
 * volume plugin to project them: the files are written into each member that
 * mounts them before it starts, as Compose writes its inline configs.
 */
import type { EnvSources } from './env.js';
import type { Fields } from './fields.js';

export interface ProjectedFile {
  /** Relative to the mount path. */
  path: string;
  content: string;
  mode: number;
}

/** Kubernetes' default for both kinds: rw-r--r--. */
const DEFAULT_MODE = 0o644;

/** `source` is the volume's `configMap` or `secret` map. */
export function projectedFiles(source: Fields, kind: 'ConfigMap' | 'Secret', sources: EnvSources): ProjectedFile[] {
  const name = source.requiredString(kind === 'ConfigMap' ? 'name' : 'secretName');
  const optional = source.bool('optional') ?? false;
  const defaultMode = source.int('defaultMode') ?? DEFAULT_MODE;
  const items = source.objects('items');
  const data = (kind === 'ConfigMap' ? sources.configMaps : sources.secrets).get(name);
  if (!data && !optional && !sources.lenient) source.fail(kind === 'ConfigMap' ? 'name' : 'secretName', `${kind} "${name}" not found`);
  const files: ProjectedFile[] = [];
  if (items.length === 0) for (const [key, content] of Object.entries(data ?? {})) files.push({ path: key, content, mode: defaultMode });
  for (const item of items) {
    const key = item.requiredString('key');
    const path = item.requiredString('path');
    const mode = item.int('mode') ?? defaultMode;
    item.done();
    if (path.startsWith('/') || path.split('/').includes('..')) item.fail('path', 'must be relative and may not contain ".."');
    const content = data?.[key];
    if (content === undefined) {
      if (data && !optional && !sources.lenient) item.fail('key', `${kind} "${name}" has no key "${key}"`);
      continue;
    }
    files.push({ path, content, mode });
  }
  source.done();
  return files;
}
