/**
 * `docker rmi` and `docker image prune` with Docker's rules: untag first, delete
 * the image when no reference is left, refuse (or require force) while
 * containers or child images depend on it, then prune untagged parents and the
 * layers and blobs nobody else uses.
 */
import type { Filters } from '../apitypes/containers.js';
import type { ImageDeleteResponseItem, ImagePruneResponse } from '../apitypes/images.js';
import { conflict, isConflict, isNotFound, notFound } from '../errdefs/index.js';
import { familiarString, parseDockerRef, parseStoredReference, referenceString, repositoryName } from '../oci/reference.js';
import type { Digest } from '../util/digest.js';
import { encoded, isDigest } from '../util/digest.js';
import { shortId } from '../util/ids.js';
import { checkFilterKeys, danglingFilter, labelsMatch, untilMatches } from './filters.js';
import type { StoreParts } from './store-parts.js';
import type { ImageRecord, RemoveOptions } from './types.js';

const DEPENDENT_CHILD = 1;
const RUNNING_CONTAINER = 2;
const ACTIVE_REFERENCE = 4;
const STOPPED_CONTAINER = 8;
const HARD = DEPENDENT_CHILD | RUNNING_CONTAINER;
const SOFT = ACTIVE_REFERENCE | STOPPED_CONTAINER;

export interface DeleteContext {
  store: StoreParts;
  items: ImageDeleteResponseItem[];
  reclaimed: number;
}

interface ImageConflict {
  hard: boolean;
  used: boolean;
  message: string;
}

const isDigestRef = (full: string): boolean => full.includes('@');
const refsOf = (rec: ImageRecord): string[] => [...rec.repoTags, ...rec.repoDigests];
const familiar = (full: string): string => familiarString(parseStoredReference(full));

export async function removeImage(store: StoreParts, refOrId: string, opts: RemoveOptions): Promise<ImageDeleteResponseItem[]> {
  const ctx: DeleteContext = { store, items: [], reclaimed: 0 };
  await removeOne(ctx, refOrId, opts.force ?? false, !(opts.noprune ?? false));
  return ctx.items;
}

async function removeOne(ctx: DeleteContext, refOrId: string, force: boolean, prune: boolean): Promise<void> {
  const { store } = ctx;
  const rec = await store.resolve(refOrId);
  let repoRefs = refsOf(rec);
  let removedRepositoryRef = false;

  if (!isImageIdPrefix(rec.id, refOrId)) {
    if (!force && isSingleReference(repoRefs)) {
      const usage = await store.usedBy(rec.id);
      const ctr = usage.running[0] ?? usage.stopped[0];
      if (ctr !== undefined) {
        throw conflict(`conflict: unable to remove repository reference "${refOrId}" (must force) - container ${shortId(ctr)} is using its referenced image ${shortId(rec.id)}`);
      }
    }
    const ref = parseDockerRef(refOrId);
    const full = ref.digest !== undefined ? `${repositoryName(ref)}@${ref.digest}` : referenceString(ref);
    await untag(ctx, rec.id, full);
    repoRefs = refsOf(current(store, rec.id));
    if (!isDigestRef(full)) {
      // With the last tag of a repository gone, its digest references go too.
      const name = repositoryName(ref);
      const sameRepo = (r: string): boolean => repositoryName(parseStoredReference(r)) === name;
      if (!repoRefs.some((r) => !isDigestRef(r) && sameRepo(r))) {
        for (const r of repoRefs.filter((x) => isDigestRef(x) && sameRepo(x))) await untag(ctx, rec.id, r);
        repoRefs = refsOf(current(store, rec.id));
      }
    }
    if (repoRefs.length > 0) return;
    removedRepositoryRef = true;
  } else if (isSingleReference(repoRefs)) {
    const found = await checkConflict(store, rec.id, HARD | (force ? 0 : SOFT & ~ACTIVE_REFERENCE));
    if (found) throw conflictError(rec.id, found);
    for (const r of repoRefs) await untag(ctx, rec.id, r);
  }
  await deleteImage(ctx, rec.id, force, prune, removedRepositoryRef);
}

/** Docker's imageDeleteHelper. `quiet`: conflicts end the deletion silently unless the image is dangling and unused. */
async function deleteImage(ctx: DeleteContext, id: Digest, force: boolean, prune: boolean, quiet: boolean): Promise<void> {
  const { store } = ctx;
  const found = await checkConflict(store, id, HARD | (force ? 0 : SOFT));
  if (found) {
    if (quiet && (!isDangling(store, id) || found.used)) return;
    throw conflictError(id, found);
  }
  const rec = current(store, id);
  for (const r of refsOf(rec)) await untag(ctx, id, r);
  const blobs = await blobsOf(store, rec);
  await store.records.update((d) => d.delete(id));
  store.emit('delete', id);
  ctx.items.push({ Deleted: id });

  const keptBlobs = new Set<string>();
  for (const other of store.records.all()) for (const b of await blobsOf(store, other)) keptBlobs.add(b);
  await sweepLayers(ctx);
  for (const b of blobs) {
    if (keptBlobs.has(b)) continue;
    await store.content.delete(b as Digest).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  if (prune && rec.parent && store.records.get(rec.parent)) await deleteImage(ctx, rec.parent, false, true, true);
}

/**
 * Remove unpacked layers no image uses and no snapshot sits on, leaves first.
 * Also catches layers an earlier deletion had to leave under a container.
 */
export async function sweepLayers(ctx: DeleteContext): Promise<void> {
  const { store } = ctx;
  const used = new Set<string>();
  for (const rec of store.records.all()) for (const l of await store.layers(rec)) used.add(l.chainId);
  for (;;) {
    const all = await store.snapshots.list();
    const parents = new Set(all.map((i) => i.parent));
    const doomed = all.filter((i) => i.kind === 'committed' && isDigest(i.key) && !used.has(i.key) && !parents.has(i.key) && !store.isPinned(i.key));
    if (doomed.length === 0) return;
    for (const { key } of doomed) {
      const size = store.records.layerSize(key) ?? 0;
      await store.snapshots.remove(key);
      await store.records.update((d) => d.forgetLayer(key));
      ctx.items.push({ Deleted: key });
      ctx.reclaimed += size;
    }
  }
}

async function untag(ctx: DeleteContext, id: Digest, full: string): Promise<void> {
  const removed = await ctx.store.records.update((d) => d.removeRef(id, full));
  if (!removed) throw notFound(`No such image: ${familiar(full)}`);
  ctx.items.push({ Untagged: familiar(full) });
  ctx.store.emit('untag', id, { name: familiar(full) });
}

async function checkConflict(store: StoreParts, id: Digest, mask: number): Promise<ImageConflict | undefined> {
  if (mask & DEPENDENT_CHILD && store.records.children(id).length > 0) {
    return { hard: true, used: false, message: 'image has dependent child images' };
  }
  const usage = mask & (RUNNING_CONTAINER | STOPPED_CONTAINER) ? await store.usedBy(id) : { running: [], stopped: [] };
  if (mask & RUNNING_CONTAINER && usage.running.length > 0) {
    return { hard: true, used: true, message: `image is being used by running container ${shortId(usage.running[0])}` };
  }
  if (mask & ACTIVE_REFERENCE && refsOf(current(store, id)).length > 0) {
    return { hard: false, used: false, message: 'image is referenced in multiple repositories' };
  }
  if (mask & STOPPED_CONTAINER && usage.stopped.length > 0) {
    return { hard: false, used: true, message: `image is being used by stopped container ${shortId(usage.stopped[0])}` };
  }
  return undefined;
}

function conflictError(id: Digest, c: ImageConflict): Error {
  return conflict(`conflict: unable to delete ${shortId(id)} (${c.hard ? 'cannot be forced' : 'must be forced'}) - ${c.message}`);
}

/** One tag, or only digest references, all in one repository (then deleting by id may drop them all). */
function isSingleReference(refs: string[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: string | undefined;
  const digestRepos = new Set<string>();
  for (const r of refs) {
    if (isDigestRef(r)) digestRepos.add(repositoryName(parseStoredReference(r)));
    else if (single === undefined) single = r;
    else return false;
  }
  const name = repositoryName(parseStoredReference(single ?? refs[0]));
  return digestRepos.size === 1 && digestRepos.has(name);
}

function isImageIdPrefix(id: Digest, s: string): boolean {
  return id.startsWith(s) || encoded(id).startsWith(s);
}

function isDangling(store: StoreParts, id: Digest): boolean {
  const rec = store.records.get(id);
  return rec !== undefined && refsOf(rec).length === 0 && store.records.children(id).length === 0;
}

function current(store: StoreParts, id: Digest): ImageRecord {
  const rec = store.records.get(id);
  if (!rec) throw conflict(`image ${id} was removed concurrently`);
  return rec;
}

async function blobsOf(store: StoreParts, rec: ImageRecord): Promise<string[]> {
  const manifest = await store.manifest(rec);
  const out = [rec.target.digest, rec.id, ...manifest.layers.map((l) => l.digest)];
  if (rec.index) out.push(rec.index.digest);
  return out;
}

export async function pruneImages(store: StoreParts, filters: Filters): Promise<ImagePruneResponse> {
  checkFilterKeys(filters, ['dangling', 'label', 'label!', 'until']);
  const danglingOnly = danglingFilter(filters) ?? true;
  const ctx: DeleteContext = { store, items: [], reclaimed: 0 };
  for (const rec of store.records.all()) {
    if (danglingOnly && (rec.repoTags.length > 0 || store.records.children(rec.id).length > 0)) continue;
    const usage = await store.usedBy(rec.id);
    if (usage.running.length > 0 || usage.stopped.length > 0) continue;
    const cfg = await store.config(rec);
    if (!labelsMatch(filters, cfg.config?.Labels)) continue;
    if (!untilMatches(filters, cfg.created ? Date.parse(cfg.created) : 0)) continue;
    const names = !danglingOnly && refsOf(rec).length > 0 ? refsOf(rec).map(familiar) : [encoded(rec.id)];
    for (const name of names) {
      if (!store.records.get(rec.id)) break;
      try {
        await removeOne(ctx, name, false, true);
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
  }
  return { ImagesDeleted: ctx.items.length > 0 ? ctx.items : null, SpaceReclaimed: ctx.reclaimed };
}
