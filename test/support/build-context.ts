/** Throwaway build contexts for builder tests: a directory written from a map of files. */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

export type Tree = Record<string, string | { symlink: string } | { mode: number; content: string }>;

export async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [rel, v] of Object.entries(tree)) {
    const p = join(dir, rel);
    await mkdir(dirname(p), { recursive: true });
    await rm(p, { force: true });
    if (typeof v === 'string') await writeFile(p, v);
    else if ('symlink' in v) await symlink(v.symlink, p);
    else await writeFile(p, v.content, { mode: v.mode });
  }
}

/** A fresh context directory under the system temp dir; the caller removes it (see removeContexts). */
const made: string[] = [];
export async function makeContext(tree: Tree): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-ctx-'));
  made.push(dir);
  await writeTree(dir, tree);
  return dir;
}

export async function removeContexts(): Promise<void> {
  for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
}
