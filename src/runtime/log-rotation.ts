/**
 * Rotation of a container log (see log-files.ts). conmon cuts the file by itself,
 * synchronously (so even a flood, or wharfd being down, cannot make a file grow
 * past the cut size); the keeper only decides which cut files stay:
 *
 * - the file conmon writes is linked as a generation;
 * - the file conmon will write next is made in advance, linked as a generation and
 *   as `<log>.tmp` (conmon opens that name with O_TRUNC|O_CREAT, so it takes ours);
 * - older generations are pruned.
 *
 * The keeper reacts to inotify, so conmon may cut again before it does: into the
 * armed file, then into one of its own. Counting both, the files on disk are the
 * kept ones plus two. conmon therefore cuts at max-size / 2 and the keeper keeps
 * 2 × max-file − 2 files: never more than max-size × max-file bytes on disk, and
 * `docker logs` still sees max-file − 1 files' worth of max-size, as Docker's does.
 */
import { watch, type FSWatcher } from 'node:fs';
import { link, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errnoCode } from '../errdefs/index.js';
import { generationPath, generations, statFile, tmpPath, type LogFile } from './log-files.js';
import type { LogRotation } from './types.js';

/** conmon's --log-size-max: half of max-size when cut files are kept (see above). */
export function cutSize(rotation: LogRotation): number {
  return rotation.maxFiles > 1 ? Math.max(Math.floor(rotation.maxSize / 2), 1) : rotation.maxSize;
}

/** Generations kept, the live one included, leaving room for the armed file and one conmon makes. */
const keptFiles = (rotation: LogRotation): number => 2 * rotation.maxFiles - 2;

function ignoring(...codes: string[]): (err: unknown) => void {
  return (err) => {
    if (!codes.includes(errnoCode(err) ?? '')) throw err;
  };
}

/** A new empty generation, linked at `at` too; none when `at` is taken (conmon got there first). */
async function newGeneration(log: string, seq: number, at: string): Promise<void> {
  const path = generationPath(log, seq);
  await writeFile(path, '', { flag: 'wx', mode: 0o600 });
  try {
    await link(path, at);
  } catch (err) {
    await unlink(path);
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
}

const nextSeq = (gens: LogFile[]): number => (gens.at(-1)?.seq ?? 0) + 1;

/** Removes all but the newest `keep` of `gens`. */
async function prune(gens: LogFile[], keep: number): Promise<void> {
  await Promise.all(gens.slice(0, Math.max(gens.length - keep, 0)).map((g) => rm(g.path, { force: true })));
}

/**
 * Before conmon opens the log: a run starts in a new file (conmon counts the bytes it
 * wrote from zero, so appending to the last run's file would pass max-size), made
 * and linked here, and the file after it is armed. With max-file 1 there is nothing
 * to keep: conmon's cut empties the one file, as Docker's rotation does then.
 */
export async function prepareLog(log: string, rotation: LogRotation): Promise<void> {
  const tmp = await statFile(tmpPath(log));
  let gens = await generations(log);
  if (tmp) {
    await rm(tmpPath(log), { force: true });
    const stale = gens.find((g) => g.ino === tmp.ino && g.size === 0);
    if (stale) await rm(stale.path, { force: true });
  }
  const live = await statFile(log);
  if (live && live.size > 0 && !gens.some((g) => g.ino === live.ino)) await link(log, generationPath(log, nextSeq(gens)));
  await rm(log, { force: true });
  gens = await generations(log);
  // Room for this run's file.
  await prune(gens, rotation.maxFiles > 1 ? keptFiles(rotation) - 1 : 0);
  if (rotation.maxFiles > 1) {
    await newGeneration(log, nextSeq(gens), log);
    await newGeneration(log, nextSeq(await generations(log)), tmpPath(log));
  } else {
    await writeFile(log, '', { mode: 0o600 });
  }
}

/** Keeps the files conmon cuts while the container runs (and its run holds this). */
export class LogKeeper {
  private readonly watcher: FSWatcher;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly log: string,
    private readonly rotation: LogRotation,
    private readonly onError: (err: unknown) => void,
  ) {
    const names = new Set([basename(log), basename(tmpPath(log))]);
    // Renames only: writes to the log change nothing the keeper decides.
    this.watcher = watch(dirname(log), { persistent: false }, (event, name) => {
      if (event === 'rename' && name !== null && names.has(name.toString())) this.schedule();
    });
    this.watcher.on('error', onError);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.sync().catch(this.onError);
      } while (this.again && !this.closed);
      this.running = undefined;
    })();
  }

  /** Prune first, counting a live file not linked yet, so linking it never adds to what is on disk. */
  private async sync(): Promise<void> {
    const { log } = this;
    const [gens, live, tmp] = await Promise.all([generations(log), statFile(log), statFile(tmpPath(log))]);
    const armed = gens.find((g) => g.ino === tmp?.ino);
    const liveLinked = live === undefined || gens.some((g) => g.ino === live.ino);
    const used = gens.filter((g) => g !== armed);
    await prune(used, keptFiles(this.rotation) - (liveLinked ? 0 : 1));
    let next = nextSeq(gens);
    if (!liveLinked) await link(log, generationPath(log, next++)).catch(ignoring('EEXIST', 'ENOENT'));
    if (!tmp) await newGeneration(log, next, tmpPath(log));
  }

  /** Stops watching; what is kept stays. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher.close();
    await this.running;
  }
}
