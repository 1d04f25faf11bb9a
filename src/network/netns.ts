/**
 * Named network namespaces under the daemon's own directory (not /run/netns, so
 * daemons never see each other's): util-linux `unshare --net=<file>` makes the
 * namespace, pins it with a bind mount on the file and, in the same process,
 * brings loopback up; `umount` unpins it and the kernel frees it (and with it the
 * container end of every veth) once the container's processes are gone.
 * One process each way keeps the start path short.
 */
import { open, rm } from 'node:fs/promises';
import { internal } from '../errdefs/index.js';
import { runTool } from './exec.js';

export async function createNetns(path: string): Promise<void> {
  await (await open(path, 'w', 0o444)).close();
  const r = await runTool('unshare', [`--net=${path}`, 'ip', 'link', 'set', 'lo', 'up']);
  if (r.code !== 0) {
    await removeNetns(path).catch(() => undefined);
    throw internal(`creating network namespace ${path}: ${r.stderr.trim()}`);
  }
}

/** Idempotent: a file that is not (or no longer) a mount point is just removed. */
export async function removeNetns(path: string): Promise<void> {
  const r = await runTool('umount', [path]);
  if (r.code !== 0 && !/not mounted|no mount point|not found|No such file/.test(r.stderr)) {
    throw internal(`removing network namespace ${path}: ${r.stderr.trim()}`);
  }
  await rm(path, { force: true });
}
