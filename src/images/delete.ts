/**
 * Deleting an image record and what only it needed: its references, the
 * blobs no other image lists and the unpacked layers no image or snapshot uses.
 */
import { isNotFound } from '../errdefs/index.js';
import { isDigest, type Digest } from '../util/digest.js';
import type { StoreParts } from './store-parts.js';
import type { DeletedImage, ImageRecord } from './types.js';

export async function deleteImage(store: StoreParts, id: Digest): Promise<DeletedImage> {
  const rec = store.get(id);
  if (!rec) return { untagged: [], layers: [], reclaimed: 0 };
  const untagged: string[] = [];
  for (const r of [...rec.repoTags, ...rec.repoDigests]) if (await store.untag(id, r)) untagged.push(r);
  const blobs = await blobsOf(store, rec);
  await store.records.update((d) => d.delete(id));
  store.emit('delete', id);

  const keptBlobs = new Set<string>();
  for (const other of store.all()) for (const b of await blobsOf(store, other)) keptBlobs.add(b);
  const swept = await sweepLayers(store);
  for (const b of blobs) {
    if (keptBlobs.has(b)) continue;
    await store.content.delete(b as Digest).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  return { untagged, ...swept };
}

/**
 * Remove unpacked layers no image uses and no snapshot sits on, leaves first.
 * Also catches layers an earlier deletion had to leave under a container.
 */
export async function sweepLayers(store: StoreParts): Promise<{ layers: string[]; reclaimed: number }> {
  const out = { layers: [] as string[], reclaimed: 0 };
  const used = new Set<string>();
  for (const rec of store.all()) for (const l of await store.layers(rec)) used.add(l.chainId);
  for (;;) {
    const all = await store.snapshots.list();
    const parents = new Set(all.map((i) => i.parent));
    const doomed = all.filter((i) => i.kind === 'committed' && isDigest(i.key) && !used.has(i.key) && !parents.has(i.key) && !store.isPinned(i.key));
    if (doomed.length === 0) return out;
    for (const { key } of doomed) {
      const size = store.records.layerSize(key) ?? 0;
      await store.snapshots.remove(key);
      await store.records.update((d) => d.forgetLayer(key));
      out.layers.push(key);
      out.reclaimed += size;
    }
  }
}

async function blobsOf(store: StoreParts, rec: ImageRecord): Promise<string[]> {
  const manifest = await store.manifest(rec);
  const out = [rec.target.digest, rec.id, ...manifest.layers.map((l) => l.digest)];
  if (rec.index) out.push(rec.index.digest);
  return out;
}
