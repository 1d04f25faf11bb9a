/**
 * `POST /images/create`: `fromImage` pulls, `fromSrc=-` imports the request
 * body as a root filesystem tarball.
 */
import { invalidArgument, notImplemented } from '../errdefs/index.js';
import { type Reference, isValidTag, parseNormalizedNamed, referenceString } from '../oci/reference.js';
import { isDigest } from '../util/digest.js';
import { pullImage } from './distribution.js';
import type { Exchange, Handler } from './exchange.js';
import { sendJsonMessages } from './response.js';

/** `fromImage` with `tag`, where the tag may really be a digest (moby's rules). */
function pullReference(fromImage: string, tag: string): Reference {
  // `pull -a` sends the name with a trailing ':'.
  const ref = parseNormalizedNamed(fromImage.replace(/:$/, ''));
  if (tag === '') return ref;
  if (isDigest(tag)) return { domain: ref.domain, path: ref.path, digest: tag };
  if (!isValidTag(tag)) throw invalidArgument('invalid tag format');
  return { ...ref, tag };
}

async function importImage(ex: Exchange): Promise<void> {
  const { query } = ex;
  const src = query.get('fromSrc') ?? '';
  if (src === '') throw invalidArgument('either fromImage or fromSrc must be given');
  if (src !== '-') throw notImplemented('importing an image from a URL is not supported');
  const id = await ex.services.images.import(ex.body, {
    repo: query.get('repo') || undefined,
    tag: query.get('tag') || undefined,
    message: query.get('message') || `Imported from ${src}`,
    changes: query.getAll('changes'),
    platform: query.get('platform') || undefined,
  });
  sendJsonMessages(ex.res, [{ status: id }]);
}

export const createImage: Handler = async (ex) => {
  const fromImage = ex.query.get('fromImage') ?? '';
  if (fromImage === '') return importImage(ex);
  const ref = pullReference(fromImage, ex.query.get('tag') ?? '');
  // As in moby, a name with neither tag nor digest means every tag (`docker pull -a` sends no tag).
  await pullImage(ex, referenceString(ref), ref.tag === undefined && ref.digest === undefined);
};
