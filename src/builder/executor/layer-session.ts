/**
 * A step that writes files: an active overlay snapshot over the parent's
 * layers (no copy of the image), mounted while the step runs; its upper dir
 * then is the new layer, committed in place as the snapshot of its chain ID.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { layerDiff } from '../../archive/index.js';
import { isKind } from '../../errdefs/index.js';
import { EMPTY_LAYER_DIFF_ID } from '../../images/index.js';
import { MediaType } from '../../oci/image.js';
import { mountAll, unmount } from '../../snapshots/index.js';
import type { BuilderDeps } from './deps.js';
import { childChainId, type ImageState, type NewLayer } from './image-state.js';

export interface LayerResult<T> {
  result: T;
  /** undefined when the step changed nothing. */
  layer?: NewLayer;
}

/** Runs `fn` with the parent's filesystem mounted writable at a fresh directory; returns the diff as a layer. */
export async function withWritableLayer<T>(deps: BuilderDeps, parent: ImageState, fn: (rootfs: string, id: string) => Promise<T>): Promise<LayerResult<T>> {
  const id = randomBytes(32).toString('hex');
  const key = `build-${id}`;
  const mounts = await deps.snapshots.prepare(key, parent.chainId);
  const rootfs = join(deps.execRoot, 'mnt', id.slice(0, 16));
  let result: T;
  try {
    await mkdir(rootfs, { recursive: true });
    await mountAll(mounts, rootfs);
    try {
      result = await fn(rootfs, id);
    } finally {
      await unmount(rootfs);
      await rmdir(rootfs).catch(() => undefined);
    }
  } catch (err) {
    await deps.snapshots.remove(key).catch(() => undefined);
    throw err;
  }
  return { result, ...(await commitLayer(deps, parent, key)) };
}

async function commitLayer(deps: BuilderDeps, parent: ImageState, key: string): Promise<{ layer?: NewLayer }> {
  try {
    const upper = (await deps.snapshots.dirs(key)).upper as string;
    const blob = await deps.content.ingest(layerDiff(upper), undefined, MediaType.DockerLayer);
    if (blob.digest === EMPTY_LAYER_DIFF_ID) {
      await deps.snapshots.remove(key);
      return {};
    }
    try {
      await deps.snapshots.commit(childChainId(parent, blob.digest), key);
    } catch (err) {
      // The very same layer exists already (an identical step built before): keep that one.
      if (!isKind(err, 'conflict')) throw err;
      await deps.snapshots.remove(key);
    }
    return { layer: { blob, diffId: blob.digest } };
  } catch (err) {
    await deps.snapshots.remove(key).catch(() => undefined);
    throw err;
  }
}
