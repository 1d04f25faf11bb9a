/**
 * `docker pull`: manifest (choosing the platform's entry from an index), then
 * config and layers three at a time into the content store, skipping blobs it
 * already has, then the image store records the image under the reference and
 * its repo digest. Progress follows moby's messages line for line.
 */
import { invalidArgument, isNotFound, notFound, unauthorized } from '../../errdefs/index.js';
import type { ImageRecord, ImageStore } from '../../images/index.js';
import { selectManifest } from '../../images/index.js';
import type { Descriptor, ImageManifest } from '../../oci/image.js';
import { familiarName, familiarString, parseNormalizedNamed, referenceString, repositoryName, withDefaultTag, type Reference } from '../../oci/reference.js';
import { shortId } from '../../util/ids.js';
import { downloadBlob } from './blob-download.js';
import type { ClientContext } from './context.js';
import { descriptorOf, parseManifest, uniqueByDigest } from './manifests.js';
import { chooseManifest, parsePlatform } from './platform.js';
import { runLimited } from './pool.js';
import { Progress } from './progress.js';
import { isRemoteError } from './remote-error.js';
import type { RemoteRepository } from './repository.js';
import type { PulledImage, PullOptions } from './types.js';

/** moby's max-concurrent-downloads default. */
const CONCURRENT_DOWNLOADS = 3;

export async function pull(ctx: ClientContext, input: string, opts: PullOptions = {}): Promise<PulledImage[]> {
  const named = parseNormalizedNamed(input);
  const platform = opts.platform ? parsePlatform(opts.platform, ctx.platform) : ctx.platform;
  const progress = new Progress(opts.onProgress);
  const repo = await ctx.open(named, 'pull', opts.credentials);
  let refs: Reference[];
  if (opts.allTags) {
    if (named.tag !== undefined || named.digest !== undefined) throw invalidArgument("tag can't be used with --all-tags/-a");
    const tags = await repo.tags(opts.signal).catch((err: unknown) => Promise.reject(translatePullError(err, named, repo)));
    refs = tags.map((tag) => ({ ...named, tag }));
  } else {
    // A digest names the content; a tag beside it is ignored, as Docker does.
    refs = [named.digest !== undefined ? { domain: named.domain, path: named.path, digest: named.digest } : withDefaultTag(named)];
  }
  const pulled: PulledImage[] = [];
  for (const ref of refs) {
    try {
      pulled.push(await pullOne(ctx, repo, ref, platform, progress, opts.signal));
    } catch (err) {
      throw translatePullError(err, ref, repo);
    }
  }
  const what = opts.allTags ? familiarName(named) : familiarString(refs[0] as Reference);
  progress.message(pulled.every((p) => p.upToDate) ? `Status: Image is up to date for ${what}` : `Status: Downloaded newer image for ${what}`);
  return pulled;
}

async function pullOne(ctx: ClientContext, repo: RemoteRepository, ref: Reference, platform: ClientContext['platform'], progress: Progress, signal?: AbortSignal): Promise<PulledImage> {
  const reference = ref.digest ?? (ref.tag as string);
  const top = await repo.manifest(reference, signal);
  // After the manifest, as in moby, so a pull failing this early answers with an HTTP error, not a stream.
  // moby names the repository by its path on the registry here: `library/busybox`, `team/app`.
  progress.message(`Pulling from ${ref.path}`, reference);
  const parsed = parseManifest(top, familiarString(ref));
  let image = top;
  let manifest: ImageManifest;
  let target = descriptorOf(top);
  if (parsed.kind === 'index') {
    const chosen = chooseManifest(parsed.index.manifests, platform);
    image = await repo.manifest(chosen.digest, signal);
    const child = parseManifest(image, familiarString(ref));
    if (child.kind !== 'image') throw invalidArgument(`manifest invalid: index ${top.digest} lists another index for ${familiarString(ref)}`);
    manifest = child.manifest;
    await ctx.content.writeBlob(top.bytes, top.digest, top.mediaType);
    target = await registrationTarget(ctx, target, chosen);
  } else {
    manifest = parsed.manifest;
  }
  const known = await resolveIfExists(ctx.images, manifest.config.digest);
  const downloaded = known ? [] : await fetchAndUnpack(ctx, repo, manifest, progress, signal);
  await ctx.content.writeBlob(image.bytes, image.digest, image.mediaType);
  const previous = await resolveIfExists(ctx.images, referenceString(ref));
  // Unpacked while downloading; recording the image finds the layers ready.
  for (const id of downloaded) progress.update(id, 'Extracting');
  const record = await ctx.images.register({ target, ref: ref.tag !== undefined ? referenceString(ref) : undefined, repository: repositoryName(ref) });
  for (const id of downloaded) progress.update(id, 'Pull complete');
  progress.message(`Digest: ${top.digest}`);
  return { reference: referenceString(ref), digest: top.digest, image: record, upToDate: previous?.id === record.id };
}

/**
 * The image store picks its own platform's entry from an index: hand it the index
 * (so the index digest becomes the repo digest, as in Docker) only when that is
 * the entry fetched here, else the chosen manifest itself.
 */
async function registrationTarget(ctx: ClientContext, index: Descriptor, chosen: Descriptor): Promise<Descriptor> {
  try {
    if ((await selectManifest(ctx.content, index, ctx.platform)).digest === chosen.digest) return index;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return chosen;
}

/**
 * Per-blob promises that settle when a blob is in the content store, so the
 * image store can unpack layer N while layer N+1 still downloads (unpacking is
 * CPU-bound, downloading mostly waiting: overlapping them is what pays).
 */
class Arrivals {
  private readonly entries = new Map<string, { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void }>();
  private failure: { err: unknown } | undefined;

  private entry(digest: string) {
    let e = this.entries.get(digest);
    if (!e) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Whoever waits sees the failure; nobody waiting is not an unhandled rejection.
      promise.catch(() => undefined);
      e = { promise, resolve, reject };
      this.entries.set(digest, e);
      if (this.failure) reject(this.failure.err);
    }
    return e;
  }

  readonly ready = (digest: string): Promise<void> => this.entry(digest).promise;

  arrived(digest: string): void {
    this.entry(digest).resolve();
  }

  failed(err: unknown): void {
    this.failure = { err };
    for (const e of this.entries.values()) e.reject(err);
  }
}

/** Downloads and unpacking, overlapped; returns the short ids of the layers downloaded. */
async function fetchAndUnpack(ctx: ClientContext, repo: RemoteRepository, manifest: ImageManifest, progress: Progress, signal?: AbortSignal): Promise<string[]> {
  const arrivals = new Arrivals();
  const downloading = fetchBlobs(ctx, repo, manifest, progress, arrivals, signal).catch((err: unknown) => {
    arrivals.failed(err);
    throw err;
  });
  const [downloaded] = await Promise.all([downloading, ctx.images.unpackAhead(manifest, arrivals.ready)]);
  return downloaded;
}

/** Config and missing layers into the content store; returns the short ids of the layers downloaded. */
async function fetchBlobs(ctx: ClientContext, repo: RemoteRepository, manifest: ImageManifest, progress: Progress, arrivals: Arrivals, signal?: AbortSignal): Promise<string[]> {
  const missing: Descriptor[] = [];
  for (const layer of uniqueByDigest(manifest.layers)) {
    if (await ctx.content.has(layer.digest)) {
      arrivals.arrived(layer.digest);
      progress.update(shortId(layer.digest), 'Already exists');
      continue;
    }
    progress.update(shortId(layer.digest), 'Pulling fs layer');
    missing.push(layer);
  }
  const config = manifest.config;
  const configPresent = await ctx.content.has(config.digest);
  if (configPresent) arrivals.arrived(config.digest);
  const jobs = configPresent ? missing : [config, ...missing];
  await runLimited(
    jobs,
    CONCURRENT_DOWNLOADS,
    async (desc) => {
      if (desc === config) {
        await downloadBlob(repo, ctx.content, desc, { signal });
        return arrivals.arrived(desc.digest);
      }
      const id = shortId(desc.digest);
      await downloadBlob(repo, ctx.content, desc, {
        signal,
        onBytes: progress.counter(id, 'Downloading', desc.size),
        onVerifying: () => progress.update(id, 'Verifying Checksum'),
      });
      progress.update(id, 'Download complete');
      arrivals.arrived(desc.digest);
    },
    (desc) => desc !== config && progress.update(shortId(desc.digest), 'Waiting'),
  );
  return missing.map((d) => shortId(d.digest));
}

async function resolveIfExists(images: ImageStore, refOrId: string): Promise<ImageRecord | undefined> {
  try {
    return await images.resolve(refOrId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** moby's TranslatePullError: the registry's refusals in the words `docker pull` prints. */
function translatePullError(err: unknown, ref: Reference, repo: RemoteRepository): unknown {
  if (!isRemoteError(err)) return err;
  const denied = `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': ${err.message}`;
  switch (err.code) {
    case 'DENIED':
      return notFound(denied, err);
    case 'UNAUTHORIZED':
      return repo.authenticated ? err : unauthorized(denied, err);
    case 'MANIFEST_UNKNOWN':
      return notFound(`manifest for ${familiarString(ref)} not found: ${err.message}`, err);
    case 'NAME_UNKNOWN':
      return notFound(`repository ${familiarName(ref)} not found: ${err.message}`, err);
    default:
      return err;
  }
}
