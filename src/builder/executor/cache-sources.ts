/**
 * `--cache-from`: when given, a cached step counts only if the image it made is
 * one of these images or an ancestor of one (moby's ImageCache over its
 * sources); a source the store does not have contributes nothing, so a build
 * from a missing image has no cache hits at all.
 */
import { isNotFound } from '../../errdefs/index.js';
import type { Digest } from '../../util/digest.js';
import type { BuildImageStore } from './deps.js';

/** The images the sources' parent chains hold; undefined when no source was named (the local cache, unrestricted). */
export async function cacheSourceChains(images: Pick<BuildImageStore, 'resolve'>, refs: readonly string[]): Promise<ReadonlySet<Digest> | undefined> {
  if (refs.length === 0) return undefined;
  const ids = new Set<Digest>();
  for (const ref of refs) {
    let rec = await images.resolve(ref).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    while (rec && !ids.has(rec.id)) {
      ids.add(rec.id);
      // A parent deleted since (or never known, as after a load) ends the chain.
      rec = rec.parent ? await images.resolve(rec.parent).catch(() => undefined) : undefined;
    }
  }
  return ids;
}
