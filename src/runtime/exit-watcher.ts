/**
 * Container exits, learnt from conmon's --exit-dir: conmon writes
 * `<exitDir>/<id>` (the exit status as text, 128+signal for signals) with a
 * rename, once, when the container's init is gone. One inotify watch serves
 * every waiter, and a waiter registered after the fact finds the file at once,
 * so containers created by an earlier daemon are waited on the same way.
 *
 * A conmon that dies without writing the file (SIGKILLed, OOM-killed itself)
 * would leave waiters hanging; a slow liveness check of conmon turns that
 * into an exit with code 255 instead.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../errdefs/index.js';
import type { ExitStatus } from './types.js';

const LIVENESS_INTERVAL_MS = 2000;
/** Exit code reported when conmon vanished without recording one. */
export const UNKNOWN_EXIT_CODE = 255;

interface Waiter {
  resolve: (s: ExitStatus) => void;
  reject: (e: Error) => void;
}

export interface ExitWatcherOptions {
  exitDir: string;
  /** Was the container OOM-killed? (conmon's oom file) */
  oomKilled: (id: string) => Promise<boolean>;
  /** Is the container's conmon still running? undefined when unknown. */
  monitorAlive: (id: string) => Promise<boolean | undefined>;
}

/** Read `<exitDir>/<id>`; undefined while the container has not exited. */
export async function readExitFile(path: string): Promise<{ code: number; at: Date; atNs: bigint } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path, { bigint: true })]);
    const code = Number.parseInt(text.trim(), 10);
    // conmon writes -1 when its --timeout killed the process.
    return { code: Number.isNaN(code) || code < 0 ? UNKNOWN_EXIT_CODE : code, at: new Date(Number(st.mtimeMs)), atNs: st.mtimeNs };
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

export class ExitWatcher {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private watcher?: FSWatcher;
  private liveness?: NodeJS.Timeout;
  private ready?: Promise<void>;

  constructor(private readonly opts: ExitWatcherOptions) {}

  private start(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.opts.exitDir, { recursive: true });
      this.watcher = watch(this.opts.exitDir, { persistent: false }, (_event, name) => {
        if (name && this.waiters.has(name.toString())) void this.check(name.toString());
      });
      this.watcher.on('error', () => {
        // inotify failed (limits, dir removed): fall back to the periodic sweep.
        this.watcher?.close();
        this.watcher = undefined;
      });
    })();
    return this.ready;
  }

  async wait(id: string, signal?: AbortSignal): Promise<ExitStatus> {
    signal?.throwIfAborted();
    await this.start();
    // An abort while the watch was being set up would otherwise be missed and the waiter kept.
    signal?.throwIfAborted();
    const result = new Promise<ExitStatus>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      set.add(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          this.remove(id, waiter);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
    });
    this.ensureSweep();
    // The file may already be there (fast exit, or a container from an earlier daemon).
    await this.check(id);
    return result;
  }

  private remove(id: string, waiter: Waiter): void {
    const set = this.waiters.get(id);
    set?.delete(waiter);
    if (set && set.size === 0) this.waiters.delete(id);
  }

  private settle(id: string, status: ExitStatus): void {
    const set = this.waiters.get(id);
    this.waiters.delete(id);
    for (const w of set ?? []) w.resolve(status);
  }

  private async check(id: string): Promise<void> {
    try {
      const exit = await readExitFile(join(this.opts.exitDir, id));
      if (!exit || !this.waiters.has(id)) return;
      this.settle(id, { exitCode: exit.code, exitedAt: exit.at, exitedAtNs: exit.atNs, oomKilled: await this.opts.oomKilled(id) });
    } catch (err) {
      const set = this.waiters.get(id);
      this.waiters.delete(id);
      for (const w of set ?? []) w.reject(err as Error);
    }
  }

  /** Periodic safety net: missed inotify events and conmons that died without an exit file. */
  private ensureSweep(): void {
    if (this.liveness) return;
    // Referenced on purpose: a pending wait is work the process must stay alive for.
    this.liveness = setInterval(() => void this.sweep(), LIVENESS_INTERVAL_MS);
  }

  private async sweep(): Promise<void> {
    if (this.waiters.size === 0) {
      clearInterval(this.liveness);
      this.liveness = undefined;
      return;
    }
    for (const id of [...this.waiters.keys()]) {
      await this.check(id);
      if (!this.waiters.has(id)) continue;
      if ((await this.opts.monitorAlive(id)) !== false) continue;
      // conmon may have written the file just before exiting: look once more.
      await this.check(id);
      if (this.waiters.has(id)) this.settle(id, { exitCode: UNKNOWN_EXIT_CODE, exitedAt: new Date(), oomKilled: false });
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.liveness) clearInterval(this.liveness);
    this.liveness = undefined;
    this.ready = undefined;
  }
}
