/**
 * `docker rmi` and `docker image prune` with Docker's rules: untag first, delete
 * the image when no reference is left, refuse (or require force) while
 * containers or child images depend on it, then prune untagged parents. The
 * image store deletes what it is told to, with the layers and blobs only that
 * image needed.
 */
import type { Filters } from '../../apitypes/containers.js';
import type { ImageDeleteResponseItem, ImagePruneResponse } from '../../apitypes/images.js';
import { conflict, isConflict, isNotFound, notFound } from '../../errdefs/index.js';
import type { ImageRecord, ImageStore } from '../../images/index.js';
import { familiarString, parseDockerRef, parseStoredReference, referenceString, repositoryName } from '../../oci/reference.js';
import type { Digest } from '../../util/digest.js';
import { encoded } from '../../util/digest.js';
import { shortId } from '../../util/ids.js';
import { danglingFilter, FilterArgs } from '../filters/index.js';

const DEPENDENT_CHILD = 1;
const RUNNING_CONTAINER = 2;
const ACTIVE_REFERENCE = 4;
const STOPPED_CONTAINER = 8;
const HARD = DEPENDENT_CHILD | RUNNING_CONTAINER;
const SOFT = ACTIVE_REFERENCE | STOPPED_CONTAINER;

/** Containers using an image (ids), from the engine's container store. */
export type ImageUsers = (imageId: Digest) => { running: string[]; stopped: string[] };

export interface RemoveOptions {
  force?: boolean;
  /** Keep untagged parents (Docker's `noprune`). */
  noprune?: boolean;
}

interface DeleteContext {
  store: ImageStore;
  users: ImageUsers;
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

export async function removeImage(store: ImageStore, users: ImageUsers, refOrId: string, opts: RemoveOptions): Promise<ImageDeleteResponseItem[]> {
  const ctx: DeleteContext = { store, users, items: [], reclaimed: 0 };
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
      const usage = ctx.users(rec.id);
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
    const found = checkConflict(ctx, rec.id, HARD | (force ? 0 : SOFT & ~ACTIVE_REFERENCE));
    if (found) throw conflictError(rec.id, found);
    for (const r of repoRefs) await untag(ctx, rec.id, r);
  }
  await deleteImage(ctx, rec.id, force, prune, removedRepositoryRef);
}

/** Docker's imageDeleteHelper. `quiet`: conflicts end the deletion silently unless the image is dangling and unused. */
async function deleteImage(ctx: DeleteContext, id: Digest, force: boolean, prune: boolean, quiet: boolean): Promise<void> {
  const { store } = ctx;
  const found = checkConflict(ctx, id, HARD | (force ? 0 : SOFT));
  if (found) {
    if (quiet && (!isDangling(store, id) || found.used)) return;
    throw conflictError(id, found);
  }
  const rec = current(store, id);
  const gone = await store.delete(id);
  for (const r of gone.untagged) ctx.items.push({ Untagged: familiar(r) });
  ctx.items.push({ Deleted: id });
  for (const layer of gone.layers) ctx.items.push({ Deleted: layer });
  ctx.reclaimed += gone.reclaimed;
  if (prune && rec.parent && store.get(rec.parent)) await deleteImage(ctx, rec.parent, false, true, true);
}

async function untag(ctx: DeleteContext, id: Digest, full: string): Promise<void> {
  if (!(await ctx.store.untag(id, full))) throw notFound(`No such image: ${familiar(full)}`);
  ctx.items.push({ Untagged: familiar(full) });
}

function checkConflict(ctx: DeleteContext, id: Digest, mask: number): ImageConflict | undefined {
  const { store } = ctx;
  if (mask & DEPENDENT_CHILD && store.children(id).length > 0) {
    return { hard: true, used: false, message: 'image has dependent child images' };
  }
  const usage = mask & (RUNNING_CONTAINER | STOPPED_CONTAINER) ? ctx.users(id) : { running: [], stopped: [] };
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

function isDangling(store: ImageStore, id: Digest): boolean {
  const rec = store.get(id);
  return rec !== undefined && refsOf(rec).length === 0 && store.children(id).length === 0;
}

function current(store: ImageStore, id: Digest): ImageRecord {
  const rec = store.get(id);
  if (!rec) throw conflict(`image ${id} was removed concurrently`);
  return rec;
}

export async function pruneImages(store: ImageStore, users: ImageUsers, filters: Filters): Promise<ImagePruneResponse> {
  const f = new FilterArgs(filters).validate(['dangling', 'label', 'label!', 'until']);
  const danglingOnly = danglingFilter(filters) ?? true;
  const until = f.until();
  const ctx: DeleteContext = { store, users, items: [], reclaimed: 0 };
  for (const rec of store.all()) {
    if (danglingOnly && (rec.repoTags.length > 0 || store.children(rec.id).length > 0)) continue;
    const usage = users(rec.id);
    if (usage.running.length > 0 || usage.stopped.length > 0) continue;
    const cfg = await store.config(rec);
    if (!f.matchLabels(cfg.config?.Labels)) continue;
    if (!until(cfg.created ? Date.parse(cfg.created) : 0)) continue;
    const names = !danglingOnly && refsOf(rec).length > 0 ? refsOf(rec).map(familiar) : [encoded(rec.id)];
    for (const name of names) {
      if (!store.get(rec.id)) break;
      try {
        await removeOne(ctx, name, false, true);
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
  }
  return { ImagesDeleted: ctx.items.length > 0 ? ctx.items : null, SpaceReclaimed: ctx.reclaimed };
}
