/**
 * overlayfs `volatile` (Linux 5.10+) for writable layers whose content may be
 * lost in a machine crash: containers started with `--rm`, whose layer is
 * deleted when they exit anyway (Podman mounts those volatile too).
 *
 * Without it, unmounting an overlay syncs the whole upper filesystem
 * (ovl_sync_fs → sync_filesystem): on the shared data-root disk that waits for
 * every other writer's dirty pages, tens to hundreds of milliseconds on the
 * `run --rm` exit path. A daemon crash loses nothing either way: the page
 * cache outlives the daemon, and the mount stays up for the restarted daemon.
 *
 * overlayfs leaves `<workdir>/work/incompat/volatile` behind and refuses to
 * mount that workdir again until it is gone; only after a machine crash would
 * it matter, and for such a layer nothing is lost by mounting it anyway.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mount } from './types.js';

const WORKDIR = 'workdir=';

/** The same mounts with writable overlays made volatile, ready to mount again. */
export async function volatileMounts(mounts: Mount[]): Promise<Mount[]> {
  return Promise.all(
    mounts.map(async (m) => {
      const workdir = m.type === 'overlay' ? m.options.find((o) => o.startsWith(WORKDIR))?.slice(WORKDIR.length) : undefined;
      if (workdir === undefined) return m;
      await rm(join(workdir, 'work', 'incompat', 'volatile'), { recursive: true, force: true });
      return { ...m, options: [...m.options, 'volatile'] };
    }),
  );
}
