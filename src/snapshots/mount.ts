/**
 * Mounting what a snapshotter describes. Spawns mount(8)/umount(8): one short
 * process per mount is cheaper than it sounds and keeps option handling identical
 * to what an operator would type.
 */
import { execFile } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { internal, unavailable } from '../errdefs/index.js';
import type { Mount } from './types.js';

const run = promisify(execFile);

/** mount(2) copies its data argument into a single page, NUL included. */
const PAGE_SIZE = 4096;
const PATH_OPTIONS = ['lowerdir=', 'upperdir=', 'workdir='];

export async function mountAll(mounts: Mount[], target: string): Promise<void> {
  const done: string[] = [];
  try {
    for (const m of mounts) {
      await mountOne(m, target);
      done.push(target);
    }
  } catch (err) {
    for (const t of done.reverse()) await unmount(t).catch(() => undefined);
    throw err;
  }
}

async function mountOne(m: Mount, target: string): Promise<void> {
  let options = m.options;
  let cwd: string | undefined;
  if (m.type === 'overlay' && options.join(',').length >= PAGE_SIZE) {
    ({ options, cwd } = compactOverlayOptions(options));
  }
  const args = m.type === 'bind' ? [] : ['-t', m.type];
  if (options.length > 0) args.push('-o', options.join(','));
  args.push(m.source, target);
  try {
    await run('mount', args, { cwd });
  } catch (err) {
    throw internal(`mount ${m.type} on ${target}: ${stderrOf(err)}`, err);
  }
}

/**
 * With many layers the absolute lowerdir list overflows a page; mount(2) resolves
 * relative paths against the caller's cwd, so run mount from the directory all
 * the layer dirs share and pass them relative to it (as containerd does).
 */
export function compactOverlayOptions(options: string[]): { options: string[]; cwd: string } {
  const paths = options.flatMap((o) => {
    const p = PATH_OPTIONS.find((prefix) => o.startsWith(prefix));
    return p === undefined ? [] : o.slice(p.length).split(':');
  });
  const cwd = commonDir(paths);
  const rel = (p: string): string => relative(cwd, p) || '.';
  const compacted = options.map((o) => {
    const p = PATH_OPTIONS.find((prefix) => o.startsWith(prefix));
    return p === undefined ? o : p + o.slice(p.length).split(':').map(rel).join(':');
  });
  if (compacted.join(',').length >= PAGE_SIZE) {
    throw internal(`overlay mount options exceed ${PAGE_SIZE} bytes even with relative paths (${paths.length} layers)`);
  }
  return { options: compacted, cwd };
}

function commonDir(paths: string[]): string {
  let common = dirname(paths[0] ?? sep);
  for (const p of paths) {
    while (common !== sep && !(p === common || p.startsWith(common + sep))) common = dirname(common);
  }
  return common;
}

/** Unmount `target`; succeeds when nothing is mounted there. */
export async function unmount(target: string): Promise<void> {
  try {
    await run('umount', [target]);
  } catch (err) {
    const msg = stderrOf(err);
    if (/not mounted|no mount point specified|No such file or directory/.test(msg)) return;
    if (/busy/i.test(msg)) throw unavailable(`unmount ${target}: ${msg}`, err);
    throw internal(`unmount ${target}: ${msg}`, err);
  }
}

function stderrOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'stderr' in err) {
    const s = String((err as { stderr: unknown }).stderr).trim();
    if (s !== '') return s;
  }
  return err instanceof Error ? err.message : String(err);
}
