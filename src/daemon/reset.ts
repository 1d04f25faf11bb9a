/**
 * `POST /wharf/system/reset`: everything this daemon made leaves the host — containers
 * (with their cgroups and network endpoints), networks, volumes, images, build cache,
 * then its bridges and firewall rules, every mount under its roots and the roots'
 * contents — and the daemon exits. Exiting, rather than carrying on empty, is what
 * makes "nothing left" true: a running daemon would at once make its default bridge
 * and rules again, and every service would need a way to forget its in-memory state.
 * The next start begins from nothing, as on a new host.
 */
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SystemResetResponse } from '../apitypes/system.js';
import {
  mountsUnder,
  type NetworkApiService,
  type BuildService,
  type ContainerService,
  type ImageService,
  type ResetService,
  type VolumeService,
} from '../engine/index.js';
import { internal, isKind } from '../errdefs/index.js';
import type { NetworkService } from '../network/index.js';
import { DEFAULT_CGROUP_PARENT } from '../runtime/index.js';
import { logger } from '../util/logger.js';

const execFileAsync = promisify(execFile);
const log = logger('daemon');
const CGROUP_ROOT = '/sys/fs/cgroup';

export interface ResetDeps {
  containers: ContainerService;
  images: ImageService;
  volumes: VolumeService;
  networks?: NetworkApiService;
  build: BuildService;
  network: NetworkService;
  dataRoot: string;
  execRoot: string;
  /** Kept until the daemon exits: the API socket and the pid file. */
  keep: readonly string[];
  /** Shut the daemon down; called once the answer is out. */
  exit(): void;
}

/** Mount points at or under any of `roots`, deepest first. */
async function mountsUnderRoots(roots: readonly string[]): Promise<string[]> {
  return (await Promise.all(roots.map((r) => mountsUnder(r)))).flat().sort((a, b) => b.length - a.length);
}

async function unmountAll(roots: readonly string[]): Promise<number> {
  const targets = await mountsUnderRoots(roots);
  for (const t of targets) {
    await execFileAsync('umount', [t]).catch(() => execFileAsync('umount', ['-l', t]).catch((err: unknown) => log.warn('unmount failed', { target: t, error: String(err) })));
  }
  if ((await mountsUnderRoots(roots)).length > 0) throw internal('reset: mounts remain under the daemon roots; nothing was deleted from them');
  return targets.length;
}

/** Container cgroups runc did not remove (a killed runc, a crash): empty directories, so rmdir. */
async function removeCgroups(paths: readonly string[]): Promise<number> {
  let removed = 0;
  const controllers = await readdir(CGROUP_ROOT).catch(() => [] as string[]);
  for (const p of paths) {
    for (const c of controllers) {
      const dir = join(CGROUP_ROOT, c, p);
      if (!dir.startsWith(join(CGROUP_ROOT, c) + '/')) continue;
      if (await rmdir(dir).then(() => true, () => false)) removed++;
    }
  }
  return removed;
}

async function emptyDir(dir: string, keep: readonly string[]): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (!keep.includes(path)) await rm(path, { recursive: true, force: true });
  }
}

export class DaemonReset implements ResetService {
  constructor(private readonly d: ResetDeps) {}

  async reset(): Promise<SystemResetResponse> {
    const d = this.d;
    const containers = await d.containers.list({ all: true });
    const cgroups: string[] = [];
    for (const c of containers) {
      const parent = (await d.containers.inspect(c.Id).catch(() => undefined))?.HostConfig.CgroupParent || DEFAULT_CGROUP_PARENT;
      cgroups.push(`${parent}/${c.Id}`);
      // A `--rm` container may remove itself meanwhile.
      await d.containers.remove(c.Id, { force: true, volumes: true, link: false }).catch((err: unknown) => {
        if (!isKind(err, 'not-found')) throw err;
      });
    }
    const networks = (await d.networks?.prune({}))?.NetworksDeleted ?? [];
    const volumes = (await d.volumes.prune({}, { anonymousOnly: false })).VolumesDeleted ?? [];
    const images: string[] = [];
    for (const img of await d.images.list({ all: true })) {
      const gone = await d.images.remove(img.Id, { force: true, noprune: false }).catch(() => []);
      for (const g of gone) if (g.Deleted) images.push(g.Deleted);
    }
    const caches = (await d.build.prune()).CachesDeleted ?? [];
    const bridges = await d.network.teardown();
    const cgroupsRemoved = await removeCgroups(cgroups);
    const mounts = await unmountAll([d.dataRoot, d.execRoot]);
    await emptyDir(d.dataRoot, d.keep);
    await emptyDir(d.execRoot, d.keep);
    log.info('reset: everything this daemon made is gone; exiting');
    return {
      ContainersDeleted: containers.map((c) => c.Id),
      ImagesDeleted: images,
      VolumesDeleted: volumes,
      NetworksDeleted: networks,
      CachesDeleted: caches,
      BridgesDeleted: bridges,
      MountsRemoved: mounts,
      CgroupsRemoved: cgroupsRemoved,
    };
  }

  finish(): void {
    this.d.exit();
  }
}
