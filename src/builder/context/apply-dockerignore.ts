/**
 * A received context trimmed to what .dockerignore keeps, on the daemon's
 * side too: a client may send more than it should.
 */
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readContextFile } from './context-file.js';
import { ignoreMatcher } from './dockerignore.js';
import { walkContext } from './walk-context.js';

/**
 * Removes what .dockerignore excludes. Clients send the Dockerfile and
 * .dockerignore even when excluded; read the Dockerfile first, then this
 * drops them as Docker does.
 */
export async function applyDockerignore(dir: string): Promise<void> {
  const text = await readContextFile(dir, '.dockerignore');
  if (text === undefined) return;
  const matcher = ignoreMatcher(text);
  const kept = new Set<string>();
  for await (const e of walkContext(dir, matcher)) kept.add(e.rel);
  await prune(dir, '', kept);
}

/** Deletes entries not kept; a directory stays while something below it is kept. */
async function prune(dir: string, rel: string, kept: ReadonlySet<string>): Promise<boolean> {
  let empty = true;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const r = rel === '' ? name : `${rel}/${name}`;
    const st = await lstat(path);
    if (st.isDirectory()) {
      const keepsSomething = await prune(path, r, kept);
      if (!keepsSomething && !kept.has(r)) await rmdir(path);
      else empty = false;
    } else if (kept.has(r)) empty = false;
    else await rm(path, { force: true });
  }
  return !empty;
}
