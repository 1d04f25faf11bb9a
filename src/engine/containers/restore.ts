/**
 * Daemon start: load every record and reconcile it with the runtime. conmon
 * keeps containers alive across a daemon restart, so a container recorded as
 * running is either still running (re-adopt it: watch its exit again) or
 * exited meanwhile (record the exit code conmon kept, emit `die`, clean up).
 * Then auto-remove and restart-policy rules apply as at any exit.
 */
import { execFile } from 'node:child_process';
import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unmount } from '../../snapshots/index.js';
import { UNKNOWN_EXIT_CODE } from '../../runtime/index.js';
import type { ExitStatus } from '../../runtime/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { clearPausedForCommit, pausedForCommit } from './commit-pause.js';
import { adoptRun, bundleSpecPath, handleExit, startContainer, watchAdopted } from './lifecycle.js';
import { ZERO_TIME } from './record.js';
import { removeContainer } from './remove.js';
import { shouldRestart } from './restart-policy.js';
import { forceReleaseRootfs, mountsUnder } from './rootfs.js';
import { setAdopted, setRestartCancelled } from './state.js';

const log = logger('engine');
const execFileAsync = promisify(execFile);
/** How long to wait for conmon's exit file of a container that is gone (conmon may be gone too). */
const EXIT_FILE_WAIT_MS = 3000;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function exitWhileDown(ctx: EngineContext, c: Container): Promise<ExitStatus> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const fallback = new Promise<ExitStatus>((resolve) => {
    timer = setTimeout(() => resolve({ exitCode: UNKNOWN_EXIT_CODE, exitedAt: new Date(), oomKilled: false }), EXIT_FILE_WAIT_MS);
  });
  try {
    return await Promise.race([ctx.deps.runtime.waitExit(c.id, { signal: abort.signal }), fallback]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

async function reconcile(ctx: EngineContext, c: Container, mounted: Set<string>): Promise<void> {
  await reconcileState(ctx, c, mounted);
  await clearPausedForCommit(ctx, c);
}

async function reconcileState(ctx: EngineContext, c: Container, mounted: Set<string>): Promise<void> {
  const s = c.record.State;
  const rootfsMounted = mounted.has(ctx.rootfsDir(c.id));
  if (s.Running && !s.Restarting) {
    const run = adoptRun(ctx, c, { rootfsMounted });
    const rt = await ctx.deps.runtime.state(c.id);
    if (rt && (rt.status === 'running' || rt.status === 'paused')) {
      let paused = rt.status === 'paused';
      if (paused && (await pausedForCommit(ctx, c))) {
        await ctx.deps.runtime.resume(c.id);
        paused = false;
        log.info('thawed a container paused by a commit the daemon did not finish', { id: c.id });
      }
      if (s.Pid !== rt.pid || s.Paused !== paused) {
        setAdopted(s, rt.pid, paused);
        await ctx.store.save(c);
      }
      watchAdopted(ctx, c, run);
      return;
    }
    await handleExit(ctx, c, run, await exitWhileDown(ctx, c));
    return;
  }
  if (s.Restarting) {
    // The daemon died while the restart policy was waiting: settle it as stopped, the policy below decides again.
    setRestartCancelled(s);
    await ctx.store.save(c);
  }
  // A run the daemon never cleaned up (it died during start or exit handling).
  if (await exists(bundleSpecPath(ctx, c))) {
    await ctx.deps.runtime.delete(c.id, { force: true }).catch(() => undefined);
    await rm(bundleSpecPath(ctx, c), { force: true });
  }
  if (rootfsMounted) await forceReleaseRootfs(ctx, c);
  if (c.record.HostConfig.AutoRemove && s.StartedAt !== ZERO_TIME) {
    await removeContainer(ctx, c, { force: true, volumes: true });
    return;
  }
  const ranForMs = Date.parse(s.FinishedAt) - Date.parse(s.StartedAt);
  if (c.record.HasBeenStartedBefore && shouldRestart(c, s.ExitCode, ranForMs, { atDaemonStart: true })) await startContainer(ctx, c);
}

/** Bundles of containers whose record is gone (a removal cut short, a wiped data root): unmount and delete them. */
async function removeOrphanBundles(ctx: EngineContext, known: ReadonlySet<string>): Promise<void> {
  for (const id of await readdir(ctx.bundlesRoot).catch(() => [] as string[])) {
    if (known.has(id)) continue;
    const dir = join(ctx.bundlesRoot, id);
    await ctx.deps.runtime.delete(id, { force: true }).catch(() => undefined);
    for (const m of (await mountsUnder(dir)).sort((a, b) => b.length - a.length)) await unmount(m).catch(() => execFileAsync('umount', ['-l', m]));
    await rm(dir, { recursive: true, force: true }).catch((err: unknown) => log.warn('removing orphan bundle failed', { id, error: String(err) }));
  }
}

export async function restoreContainers(ctx: EngineContext): Promise<void> {
  const containers = await ctx.store.load();
  await removeOrphanBundles(ctx, new Set(containers.map((c) => c.id)));
  const mounted = new Set(await mountsUnder(ctx.bundlesRoot));
  await Promise.all(
    containers.map((c) =>
      reconcile(ctx, c, mounted).catch((err: unknown) => log.error('restoring container failed', { id: c.id, error: String(err) })),
    ),
  );
}
