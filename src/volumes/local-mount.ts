/**
 * The local driver's optional mount: `--opt type=tmpfs --opt device=tmpfs --opt o=size=64m`
 * or `--opt o=bind --opt device=/host/dir`, mounted on `_data` like mount(8) would.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { internal, invalidArgument } from '../errdefs/index.js';

const run = promisify(execFile);

const VALID_OPTIONS = ['type', 'device', 'o'];

/** Docker's checks of `--opt` for the local driver; the caller prefixes `create <name>: `. */
export function validateLocalOptions(opts: Record<string, string>): void {
  for (const key of Object.keys(opts)) {
    if (key === 'size') throw invalidArgument('quota size requested but no quota support');
    if (!VALID_OPTIONS.includes(key)) throw invalidArgument(`invalid option: "${key}"`);
  }
  const bind = isBind(opts);
  if (opts.type && !opts.device) throw invalidArgument('missing required option: "device"');
  if (opts.device && !opts.type && !bind) throw invalidArgument('missing required option: "type"');
  if (bind && !opts.device) throw invalidArgument('missing required option: "device"');
}

function isBind(opts: Record<string, string>): boolean {
  return (opts.o ?? '').split(',').some((o) => o === 'bind' || o === 'rbind');
}

export function needsMount(opts: Record<string, string>): boolean {
  return Boolean(opts.device);
}

/** A decoded mountinfo mount point (octal escapes such as `\040`). */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export async function isMounted(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((line) => unescapeMountPath(line.split(' ')[4] ?? '') === path);
}

export async function mountLocal(opts: Record<string, string>, target: string): Promise<void> {
  const args = isBind(opts) ? [] : ['-t', opts.type ?? ''];
  if (opts.o) args.push('-o', opts.o);
  args.push(opts.device ?? '', target);
  try {
    await run('mount', args);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim() ?? String(err);
    throw internal(`error while mounting volume '${target}': ${stderr}`);
  }
}

export async function unmountLocal(target: string): Promise<void> {
  try {
    await run('umount', [target]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim() ?? String(err);
    throw internal(`error while unmounting volume '${target}': ${stderr}`);
  }
}
