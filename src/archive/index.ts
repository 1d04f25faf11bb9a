/**
 * Tar archives of filesystem trees, for layers (unpack, diff), `docker export`,
 * `docker cp` and `docker diff`.
 *
 * Words:
 * - root: a host directory standing for `/` of some filesystem (a snapshot's
 *   upper dir, a mounted container rootfs). Nothing is ever read or written
 *   outside it: paths and symlinks are resolved as if root were `/`, one
 *   component at a time on directory fds (ConfinedRoot), so a tree changing
 *   concurrently (a running container's) cannot redirect anything either.
 * - OCI whiteout: a tar entry `.wh.<name>` (delete `<name>` from lower layers) or
 *   `.wh..wh..opq` (hide everything the lower layers have in this directory).
 * - overlay whiteout: the on-disk form overlayfs reads: a 0:0 character device,
 *   and the `trusted.overlay.opaque=y` xattr on a directory.
 * - diff ID: sha256 of a layer's uncompressed tar (what an image config lists).
 */
export { applyLayer, extractArchive, extractInto, type ApplyLayerResult, type ExtractOptions } from './extract.js';
export { ConfinedRoot, type Location, type LocateOptions } from './confined-root.js';
export { tarTree, type TarSource, type TarTreeOptions } from './pack.js';
export { layerDiff } from './layer-diff.js';
export { changes, ChangeKind, type Change } from './changes.js';
export { RootResolver, secureJoin, type ResolveOptions } from './secure-join.js';
export { decompress } from './compression.js';
export { mknodLike, openRegularFile } from './special-files.js';
export { TarEncoder } from './tar-writer.js';
