export { OverlaySnapshotter, diskUsage } from './overlay.js';
export { mountAll, unmount, compactOverlayOptions } from './mount.js';
export { volatileMounts } from './volatile.js';
export type { Mount, SnapshotDirs, SnapshotInfo, SnapshotKind, Snapshotter, Usage } from './types.js';
