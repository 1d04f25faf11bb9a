/**
 * `POST /images/create`: `fromImage` pulls, `fromSrc=-` imports the request
 * body as a root filesystem tarball.
 */
import { invalidArgument, notFound, notImplemented } from '../errdefs/index.js';
import { type Reference, familiarName, isValidTag, parseNormalizedNamed } from '../oci/reference.js';
import { isDigest } from '../util/digest.js';
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

/**
 * Pulling needs a registry client, which Wharf does not have yet: answer as
 * Docker does when the registry refuses, before any progress is streamed.
 */
function pull(ref: Reference): Promise<void> {
  return Promise.reject(notFound(`pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login'`));
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
  await pull(pullReference(fromImage, ex.query.get('tag') ?? ''));
};
