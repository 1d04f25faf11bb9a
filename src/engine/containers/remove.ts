/** `DELETE /containers/{id}`: refuse or kill, then drop the runtime state, rootfs, snapshot, record and name. */
import { rm } from 'node:fs/promises';
import { conflict, isNotFound, unavailable } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { killAndWait } from './kill.js';
import { releaseSandbox } from '../networks/sandbox.js';
import { forceReleaseRootfs, mountsUnder } from './rootfs.js';
import { endRun } from './run.js';
import { resetRemovalInProgress, setRemovalInProgress } from './state.js';
import { releaseMounts, storedMounts } from './volume-mounts.js';

const log = logger('engine');

function refuseRunning(c: Container): Error {
  const s = c.record.State;
  if (s.Paused) return conflict(`You cannot remove a paused container ${c.id}. Unpause and then stop the container before attempting removal or force remove`);
  if (s.Restarting) return conflict(`You cannot remove a restarting container ${c.id}. Stop the container before attempting removal or force remove`);
  return conflict(`You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
}

export async function removeContainer(ctx: EngineContext, c: Container, opts: { force: boolean; volumes?: boolean; autoRemove?: boolean }): Promise<void> {
  if (c.removing) throw conflict(`removal of container ${c.id} is already in progress`);
  if (c.running && !opts.force) throw refuseRunning(c);
  setRemovalInProgress(c);
  try {
    c.exitOnNext = true;
    c.cancelRestart();
    await killAndWait(ctx, c);
    await c.lock.run(async () => {
      await endRun(c, 'exit');
      await releaseSandbox(ctx, c, { settle: !opts.autoRemove });
      await forceReleaseRootfs(ctx, c);
      // Deleting the bundle through a still-mounted rootfs would delete the files inside it.
      const mounted = await mountsUnder(ctx.bundleDir(c.id));
      if (mounted.length > 0) throw unavailable(`unable to remove filesystem for ${c.id}: ${mounted.join(', ')} is still mounted`);
      try {
        await ctx.deps.snapshots.remove(c.record.SnapshotKey);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      await ctx.store.delete(c);
      await releaseMounts(ctx, c.id, storedMounts(c), opts.volumes ?? false);
      await rm(ctx.bundleDir(c.id), { recursive: true, force: true });
    });
  } catch (err) {
    resetRemovalInProgress(c);
    log.warn('removing container failed', { id: c.id, error: String(err) });
    throw err;
  }
  ctx.emit(c, 'destroy');
  c.notifyRemoved();
}
