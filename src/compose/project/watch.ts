/**
 * `compose watch` (and `up --watch`): the services' `develop.watch` rules
 * applied as files change. `sync` writes the changed files into the running
 * containers (one archive per batch, `PUT /containers/{id}/archive`) and
 * removes deleted ones; `sync+restart` and `restart` restart them; `sync+exec`
 * runs the rule's command; `rebuild` builds the image and recreates the
 * service. Changes are batched for a moment, as v2 does.
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import tar from 'tar-stream';
import { putContainerArchive, restartContainer } from '../../client/containers.js';
import { createExec, startExecDetached } from '../../client/exec.js';
import { pathMatch } from '../../util/glob.js';
import type { ServiceConfig, WatchRule } from '../types.js';
import { up } from './convergence.js';
import { buildServiceImage } from './images.js';
import type { ComposeIo } from './io.js';
import { projectContainers, type ObservedContainer } from './observed.js';

const BATCH_MS = 300;

interface Change {
  rule: WatchRule;
  /** Relative to the rule's path ('' when the path is a file). */
  rel: string;
}

function ignored(rule: WatchRule, rel: string): boolean {
  return (rule.ignore ?? []).some((p) => pathMatch(p.replace(/\/$/, ''), rel) || rel.startsWith(`${p.replace(/\/$/, '')}/`) || pathMatch(p, basename(rel)));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => posix.join(posix.relative(dir, e.parentPath ?? e.path), e.name));
}

async function syncInto(io: ComposeIo, containers: readonly ObservedContainer[], changes: readonly Change[]): Promise<void> {
  const byTarget = new Map<string, { files: Array<{ rel: string; host: string }>; gone: string[] }>();
  for (const { rule, rel } of changes) {
    if (!rule.target) continue;
    const isFileRule = rel === '';
    const root = isFileRule ? posix.dirname(rule.target) : rule.target;
    const name = isFileRule ? posix.basename(rule.target) : rel;
    const host = isFileRule ? rule.path : join(rule.path, rel);
    const entry = byTarget.get(root) ?? { files: [], gone: [] };
    const st = await lstat(host).catch(() => undefined);
    if (!st) entry.gone.push(posix.join(root, name));
    else if (st.isFile()) entry.files.push({ rel: name, host });
    // A new directory: its files may predate the watch on it, so all of them go.
    else if (st.isDirectory()) for (const f of await filesUnder(host)) if (!ignored(rule, posix.join(name, f))) entry.files.push({ rel: posix.join(name, f), host: join(host, f) });
    byTarget.set(root, entry);
  }
  for (const [root, { files, gone }] of byTarget) {
    for (const c of containers) {
      if (files.length > 0) {
        // Extracted at / with whole paths: the engine makes missing parents (the target may not exist yet).
        const pack = tar.pack();
        for (const f of files) {
          const st = await lstat(f.host);
          pack.entry({ name: posix.join(root, f.rel).slice(1), type: 'file', mode: st.mode & 0o7777, mtime: st.mtime }, await readFile(f.host));
        }
        pack.finalize();
        await putContainerArchive(io.client, c.id, '/', pack as unknown as NodeJS.ReadableStream);
      }
      if (gone.length > 0) {
        const { Id } = await createExec(io.client, c.id, { Cmd: ['rm', '-rf', ...gone], AttachStdout: false, AttachStderr: false });
        await startExecDetached(io.client, Id);
      }
    }
  }
}

async function apply(io: ComposeIo, s: ServiceConfig, changes: readonly Change[], out: NodeJS.WritableStream): Promise<void> {
  const actions = new Set(changes.map((c) => c.rule.action));
  if (actions.has('rebuild')) {
    out.write(`Rebuilding service "${s.name}" after changes were detected...\n`);
    await buildServiceImage(io, s);
    await up(io, { services: [s.name], noDeps: true });
    return;
  }
  const containers = await projectContainers(io.client, io.project.name, { oneoff: false, services: [s.name], all: false });
  const synced = changes.filter((c) => c.rule.action.startsWith('sync'));
  if (synced.length > 0) {
    out.write(`Syncing service "${s.name}" after ${synced.length} changes were detected\n`);
    await syncInto(io, containers, synced);
  }
  if (actions.has('restart') || actions.has('sync+restart')) {
    out.write(`service(s) ["${s.name}"] restarted\n`);
    await Promise.all(containers.map((c) => restartContainer(io.client, c.id)));
  }
  for (const rule of new Set(changes.filter((c) => c.rule.action === 'sync+exec').map((c) => c.rule))) {
    if (!rule.exec) continue;
    for (const c of containers) {
      const { Id } = await createExec(io.client, c.id, { Cmd: rule.exec.command, User: rule.exec.user, WorkingDir: rule.exec.working_dir, Privileged: rule.exec.privileged });
      await startExecDetached(io.client, Id);
    }
  }
}

/** Watches until signal aborts; each service's batches run one after another. */
export async function watchServices(io: ComposeIo, services: readonly ServiceConfig[], out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  const watchers: FSWatcher[] = [];
  const errors: Error[] = [];
  for (const s of services) {
    const pending: Change[] = [];
    let timer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();
    const flush = (): void => {
      timer = undefined;
      // One entry per path: an editor's save is several events.
      const batch = [...new Map(pending.splice(0).map((c) => [`${c.rule.path}\0${c.rel}`, c])).values()];
      chain = chain.then(() => apply(io, s, batch, out)).catch((err: Error) => void out.write(`WARN: watch of service "${s.name}": ${err.message}\n`));
    };
    for (const rule of s.develop?.watch ?? []) {
      const isDir = (await lstat(rule.path).catch(() => undefined))?.isDirectory() ?? false;
      const w = fsWatch(rule.path, { recursive: isDir }, (_event, file) => {
        const rel = isDir ? String(file ?? '') : '';
        if (isDir && (rel === '' || ignored(rule, rel))) return;
        pending.push({ rule, rel });
        timer ??= setTimeout(flush, BATCH_MS);
      });
      w.on('error', (err) => errors.push(err));
      watchers.push(w);
    }
  }
  out.write('Watch enabled\n');
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  for (const w of watchers) w.close();
  if (errors.length > 0) throw errors[0];
}

/** Which of the services have something to watch; v2 refuses a watch with none. */
export function watchedServices(services: readonly ServiceConfig[]): ServiceConfig[] {
  return services.filter((s) => (s.develop?.watch ?? []).length > 0);
}
