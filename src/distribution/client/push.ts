/**
 * `docker push`: for each tag, the image's layers (top first, five at a time)
 * and config go up unless the repository has them or can mount them from a
 * repository of the same registry the image was pulled from or pushed to; then
 * the manifest, byte for byte as stored, so its digest is the local one. The
 * pushed digest becomes a repo digest of the image, as in Docker.
 */
import { invalidArgument, isNotFound, notFound } from '../../errdefs/index.js';
import type { ImageRecord, ImageStore } from '../../images/index.js';
import type { Descriptor, ImageConfig, ImageManifest } from '../../oci/image.js';
import { familiarName, familiarString, parseNormalizedNamed, referenceString, repositoryName, type Reference } from '../../oci/reference.js';
import { shortId } from '../../util/ids.js';
import { uploadBlob, type UploadOptions } from './blob-upload.js';
import type { ClientContext } from './context.js';
import { runLimited } from './pool.js';
import { uniqueByDigest } from './manifests.js';
import { Progress } from './progress.js';
import type { RemoteRepository } from './repository.js';
import type { PushedTag, PushOptions } from './types.js';

/** moby's max-concurrent-uploads default. */
const CONCURRENT_UPLOADS = 5;
export const DEFAULT_CHUNK_SIZE = 32 * 1024 * 1024;

export async function push(ctx: ClientContext, input: string, opts: PushOptions = {}): Promise<PushedTag[]> {
  const named = parseNormalizedNamed(input);
  if (named.digest !== undefined) throw invalidArgument('cannot push a digest reference');
  const tags = await localTags(ctx.images, named);
  if (tags.length === 0) throw notFound(`An image does not exist locally with the tag: ${familiarName(named)}`);
  const progress = new Progress(opts.onProgress);
  progress.message(`The push refers to repository [${repositoryName(named)}]`);
  const repo = await ctx.open(named, 'pull,push', opts.credentials);
  const out: PushedTag[] = [];
  for (const tag of named.tag !== undefined ? [named.tag] : tags) out.push(await pushTag(ctx, repo, { ...named, tag }, progress, opts));
  return out;
}

/** Tags of `named`'s repository in the image store, sorted. */
async function localTags(images: ImageStore, named: Reference): Promise<string[]> {
  const repo = repositoryName(named);
  const tags: string[] = [];
  for (const image of images.all()) {
    for (const t of image.repoTags) {
      const r = parseNormalizedNamed(t);
      if (repositoryName(r) === repo && r.tag !== undefined) tags.push(r.tag);
    }
  }
  return tags.sort();
}

async function pushTag(ctx: ClientContext, repo: RemoteRepository, ref: Reference & { tag: string }, progress: Progress, opts: PushOptions): Promise<PushedTag> {
  let image: ImageRecord;
  try {
    image = await ctx.images.resolve(referenceString(ref));
  } catch (err) {
    if (isNotFound(err)) throw notFound(`tag does not exist: ${familiarString(ref)}`, err);
    throw err;
  }
  const bytes = await ctx.content.readBlob(image.target.digest);
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  const config = JSON.parse((await ctx.content.readBlob(manifest.config.digest)).toString('utf8')) as ImageConfig;
  const upload: Omit<UploadOptions, 'onBytes'> = { mountFrom: mountSources(image, ref), chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE, signal: opts.signal };

  // Docker names a pushed layer by its diff ID and lists the top layer first.
  const ids = new Map<string, string>();
  manifest.layers.forEach((l, i) => ids.set(l.digest, shortId(config.rootfs?.diff_ids?.[i] ?? l.digest)));
  // Foreign layers (with `urls`) stay where they are, as in Docker.
  const layers = uniqueByDigest(manifest.layers.filter((l) => !l.urls?.length)).reverse();
  const idOf = (d: Descriptor): string => ids.get(d.digest) as string;
  for (const l of layers) progress.update(idOf(l), 'Preparing');
  await runLimited(
    layers,
    CONCURRENT_UPLOADS,
    async (layer) => {
      const id = idOf(layer);
      const outcome = await uploadBlob(repo, ctx.content, layer, { ...upload, onBytes: progress.counter(id, 'Pushing', layer.size) });
      progress.update(id, outcome.kind === 'exists' ? 'Layer already exists' : outcome.kind === 'mounted' ? `Mounted from ${outcome.from}` : 'Pushed');
    },
    (layer) => progress.update(idOf(layer), 'Waiting'),
  );
  await uploadBlob(repo, ctx.content, manifest.config, upload);
  const digest = await repo.putManifest(ref.tag, image.target.mediaType, bytes, opts.signal);
  progress.message(`${ref.tag}: digest: ${digest} size: ${bytes.length}`);
  progress.aux({ Tag: ref.tag, Digest: digest, Size: bytes.length });
  await ctx.images.register({ target: image.target, repository: repositoryName(ref) });
  return { tag: ref.tag, digest, size: bytes.length };
}

/** Other repositories of the same registry known to hold the image: its repo digests there. */
function mountSources(image: ImageRecord, ref: Reference): string[] {
  const out = new Set<string>();
  for (const d of image.repoDigests) {
    const r = parseNormalizedNamed(d);
    if (r.domain === ref.domain && r.path !== ref.path) out.add(r.path);
  }
  return [...out];
}
