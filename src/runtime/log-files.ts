/**
 * The files one container log is made of when it rotates. conmon writes `<log>`
 * and, past --log-size-max, replaces it by a new file (it opens `<log>.tmp` with
 * O_TRUNC and renames it over `<log>`), so the old content would be gone. Wharf
 * hard-links every file conmon writes as `<log>.<n>` (n counting up) before that
 * happens (log-rotation.ts): the log is those files in order, the newest being the
 * one at `<log>` (or that file alone, when the keeper had no time to link it).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errnoCode } from '../errdefs/index.js';

export interface LogFile {
  path: string;
  ino: bigint;
  size: number;
  /** Undefined for the live file no generation links yet. */
  seq?: number;
}

export const tmpPath = (log: string): string => `${log}.tmp`;
export const generationPath = (log: string, seq: number): string => `${log}.${seq}`;

export async function statFile(path: string): Promise<{ ino: bigint; size: number } | undefined> {
  try {
    const st = await stat(path, { bigint: true });
    return { ino: st.ino, size: Number(st.size) };
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** The linked generations, oldest first. */
export async function generations(log: string): Promise<LogFile[]> {
  const prefix = `${basename(log)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(log));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
  const seqs = names.flatMap((n) => (n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)) ? [Number(n.slice(prefix.length))] : []));
  seqs.sort((a, b) => a - b);
  const files = await Promise.all(
    seqs.map(async (seq): Promise<LogFile | undefined> => {
      const path = generationPath(log, seq);
      const st = await statFile(path);
      return st && { path, seq, ...st };
    }),
  );
  return files.filter((f): f is LogFile => f !== undefined);
}

/**
 * Every file of the log, oldest first, up to the live one: generations past the
 * live one are the empty file waiting for conmon's next cut, not log yet.
 */
export async function logFiles(log: string): Promise<LogFile[]> {
  const [gens, live] = await Promise.all([generations(log), statFile(log)]);
  if (!live) return gens;
  const at = gens.findIndex((g) => g.ino === live.ino);
  if (at >= 0) return gens.slice(0, at + 1);
  return [...gens.filter((g) => g.size > 0), { path: log, ...live }];
}

/**
 * The file after `current` once conmon has moved past it (conmon writes its last
 * bytes to a file before it puts the next one in place), if there is one yet.
 * `lastSeq` is the newest generation read so far, for a current file no generation links.
 */
export async function nextFile(log: string, current: { ino: bigint }, lastSeq: number): Promise<LogFile | undefined> {
  const live = await statFile(log);
  if (!live || live.ino === current.ino) return undefined;
  const gens = await generations(log);
  const seq = gens.find((g) => g.ino === current.ino)?.seq ?? lastSeq;
  // An empty generation that is not live yet is the one waiting for conmon's next cut.
  const after = gens.find((g) => g.seq! > seq && g.ino !== current.ino && (g.size > 0 || g.ino === live.ino));
  return after ?? { path: log, ...live };
}
