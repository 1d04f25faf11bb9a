/**
 * Snapshots (containerd's vocabulary) backed by overlayfs.
 *
 * Words:
 * - key: the caller's name for a snapshot. Image layers use their chain ID
 *   (`sha256:…`); a container's writable layer uses the container id.
 * - committed: read-only, may be a parent. One per image layer, unpacked once and
 *   shared by every image and container above it.
 * - active: writable (an overlay upper dir over its parent chain); made by
 *   `prepare`, turned into a committed snapshot by `commit`.
 * - view: a read-only active snapshot of a parent chain (no upper dir).
 * - parent chain: the committed snapshots below a snapshot, nearest first; they
 *   become the overlay lowerdirs.
 * - mount: what to pass to mount(8); snapshot calls never mount anything themselves.
 */
export type SnapshotKind = 'committed' | 'active' | 'view';

export interface Mount {
  /** `overlay` or `bind`. */
  type: string;
  source: string;
  options: string[];
}

export interface SnapshotInfo {
  key: string;
  kind: SnapshotKind;
  parent?: string;
  labels: Record<string, string>;
  /** RFC 3339. */
  created: string;
}

export interface Usage {
  /** Apparent bytes of the snapshot's own directory (hardlinks counted once), as Docker's SizeRw. */
  size: number;
  inodes: number;
}

/** Host directories behind a snapshot, for diffs, changes and GraphDriver data. */
export interface SnapshotDirs {
  /** The snapshot's own directory: the overlay upper dir of an active snapshot, the layer contents of a committed one. Absent for views. */
  upper?: string;
  /** Overlay workdir of an active snapshot. */
  work?: string;
  /** Parent chain's directories, nearest first. */
  lowers: string[];
}

export interface Snapshotter {
  /** Make an active snapshot over `parent` (a committed key). conflict when `key` exists; not-found when `parent` does not. */
  prepare(key: string, parent?: string, labels?: Record<string, string>): Promise<Mount[]>;
  /** Read-only view of `parent`'s chain. */
  view(key: string, parent?: string, labels?: Record<string, string>): Promise<Mount[]>;
  /** Turn active snapshot `key` into committed snapshot `name` (key is gone afterwards). */
  commit(name: string, key: string, labels?: Record<string, string>): Promise<void>;
  mounts(key: string): Promise<Mount[]>;
  /** Remove a snapshot and its directory. conflict when it is the parent of another snapshot. The caller unmounts first. */
  remove(key: string): Promise<void>;
  /** not-found when absent. */
  stat(key: string): Promise<SnapshotInfo>;
  usage(key: string): Promise<Usage>;
  dirs(key: string): Promise<SnapshotDirs>;
  list(): Promise<SnapshotInfo[]>;
}
