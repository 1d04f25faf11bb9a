/**
 * `--cache-from`, as moby's ImageCache over its sources: when given, a cached
 * step counts only if the image it made is one of these images or in their
 * parent chains; and a source without that chain (loaded, pulled) still serves
 * a step whose history entry it holds at that place over the same parent, by
 * recording that step's image from the source's layer and history. A source
 * the store does not have contributes nothing, so a build from a missing image
 * has no cache hits at all.
 */
import { isDeepStrictEqual } from 'node:util';
import { isNotFound } from '../../errdefs/index.js';
import type { ImageRuntimeConfig } from '../../oci/image.js';
import type { Digest } from '../../util/digest.js';
import type { BuilderDeps } from './deps.js';
import { commitState, imageState, type ImageState, type NewLayer } from './image-state.js';

export class CacheSources {
  private constructor(
    private readonly deps: BuilderDeps,
    /** The sources and every image in their parent chains. */
    private readonly chains: ReadonlySet<Digest>,
    /** Narrowed to one once a step was restored from it (moby's rule: never jump to another source mid-build). */
    private sources: ImageState[],
  ) {}

  /** undefined when no source was named: the whole local cache serves. */
  static async open(deps: BuilderDeps, refs: readonly string[]): Promise<CacheSources | undefined> {
    if (refs.length === 0) return undefined;
    const chains = new Set<Digest>();
    const sources: ImageState[] = [];
    for (const ref of refs) {
      let rec = await deps.images.resolve(ref).catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (rec) sources.push(await imageState(deps, rec.id));
      while (rec && !chains.has(rec.id)) {
        chains.add(rec.id);
        // A parent deleted since (or never known, as after a load) ends the chain.
        rec = rec.parent ? await deps.images.resolve(rec.parent).catch(() => undefined) : undefined;
      }
    }
    return new CacheSources(deps, chains, sources);
  }

  allows(id: Digest): boolean {
    return this.chains.has(id);
  }

  /**
   * The step `createdBy` on `parent` as a source recorded it, leaving `runtime` as
   * the config: the source itself for its last step, else an image recorded now
   * (`recorded`, so the build cache holds it as its own).
   */
  async restore(parent: ImageState, createdBy: string, runtime: ImageRuntimeConfig): Promise<{ image: ImageState; recorded: boolean } | undefined> {
    const at = parent.config.history?.length ?? 0;
    for (const target of this.sources) {
      const history = target.config.history ?? [];
      if (!isValidParent(target, parent) || history[at]?.created_by !== createdBy) continue;
      if (at === history.length - 1) return { image: target, recorded: false };
      const entry = history[at] as NonNullable<(typeof history)[number]>;
      // The layer of history entry `at` is the one after as many layers as the entries before it made.
      const index = history.slice(0, at).filter((h) => !h.empty_layer).length;
      const blob = target.layers[index];
      const diffId = target.config.rootfs.diff_ids[index];
      let layer: NewLayer | undefined;
      if (!entry.empty_layer) {
        if (!blob || !diffId) continue;
        layer = { blob, diffId };
      }
      this.sources = [target];
      return { image: await commitState(this.deps, parent, runtime, createdBy, layer, entry), recorded: true };
    }
    return undefined;
  }
}

/** moby's isValidParent: `img` is `parent`'s history and layers plus at least one more step. */
function isValidParent(img: ImageState, parent: ImageState): boolean {
  const history = img.config.history ?? [];
  const parentHistory = parent.config.history ?? [];
  const diffIds = img.config.rootfs.diff_ids;
  const parentDiffIds = parent.config.rootfs.diff_ids;
  if (history.length === 0) return false;
  if (parentHistory.length === 0 && parentDiffIds.length === 0) return true;
  if (parentHistory.length >= history.length || parentDiffIds.length > diffIds.length) return false;
  return parentHistory.every((h, i) => isDeepStrictEqual(h, history[i])) && parentDiffIds.every((d, i) => d === diffIds[i]);
}
