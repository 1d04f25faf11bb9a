/**
 * The repositories under the root. A name's path components never start with
 * `_`, so `_manifests`, `_layers` and `_referrers` mark a repository and are
 * never mistaken for a nested one.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../../../errdefs/index.js';
import { isRepositoryName } from '../names.js';
import type { RegistryLayout } from './layout.js';

const MARKERS = new Set(['_manifests', '_layers']);

async function walk(dir: string, prefix: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return;
    throw err;
  }
  if (prefix && entries.some((e) => e.isDirectory() && MARKERS.has(e.name))) out.push(prefix);
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('_')) continue;
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (isRepositoryName(name)) await walk(join(dir, e.name), name, out);
  }
}

/** Every repository name, in Go's sort.Strings order. */
export async function listRepositories(layout: RegistryLayout): Promise<string[]> {
  const out: string[] = [];
  await walk(layout.repositoriesDir, '', out);
  return out.sort();
}
