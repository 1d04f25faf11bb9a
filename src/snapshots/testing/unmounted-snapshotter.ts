/**
 * The overlay snapshotter's bookkeeping and directories, with nothing to mount:
 * mounting needs root. A container's rootfs is then the bare, empty bundle
 * directory, which is all a fake runtime needs (it runs nothing from it).
 * Layers, parents, usage and removal are the real snapshotter's.
 */
import { OverlaySnapshotter } from '../overlay.js';
import type { Mount, SnapshotDirs, SnapshotInfo, Snapshotter, Usage } from '../types.js';

export class UnmountedSnapshotter implements Snapshotter {
  private constructor(private readonly real: OverlaySnapshotter) {}

  static async open(root: string): Promise<UnmountedSnapshotter> {
    return new UnmountedSnapshotter(await OverlaySnapshotter.open(root));
  }

  async prepare(key: string, parent?: string, labels?: Record<string, string>): Promise<Mount[]> {
    await this.real.prepare(key, parent, labels);
    return [];
  }

  async view(key: string, parent?: string, labels?: Record<string, string>): Promise<Mount[]> {
    await this.real.view(key, parent, labels);
    return [];
  }

  async mounts(key: string): Promise<Mount[]> {
    await this.real.stat(key);
    return [];
  }

  commit(name: string, key: string, labels?: Record<string, string>): Promise<void> {
    return this.real.commit(name, key, labels);
  }

  remove(key: string): Promise<void> {
    return this.real.remove(key);
  }

  stat(key: string): Promise<SnapshotInfo> {
    return this.real.stat(key);
  }

  usage(key: string): Promise<Usage> {
    return this.real.usage(key);
  }

  dirs(key: string): Promise<SnapshotDirs> {
    return this.real.dirs(key);
  }

  list(): Promise<SnapshotInfo[]> {
    return this.real.list();
  }
}
