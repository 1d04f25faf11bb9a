/**
 * `GET /distribution/{name}/json` (`docker manifest inspect`'s daemon side, and
 * what `docker service create` asks): the descriptor of what the reference names
 * on its registry, and the platforms it offers: an index's entries, or the
 * platform in a single manifest's config.
 */
import { invalidArgument } from '../../errdefs/index.js';
import type { ImageConfig, Platform } from '../../oci/image.js';
import { familiarString, parseNormalizedNamed, withDefaultTag } from '../../oci/reference.js';
import { sha256 } from '../../util/digest.js';
import { readBody } from './http-transport.js';
import type { ClientContext } from './context.js';
import { descriptorOf, parseManifest } from './manifests.js';
import type { CredentialsFn, DistributionInspect } from './types.js';

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export async function remoteManifest(ctx: ClientContext, input: string, opts: { credentials?: CredentialsFn; signal?: AbortSignal } = {}): Promise<DistributionInspect> {
  const ref = withDefaultTag(parseNormalizedNamed(input));
  const repo = await ctx.open(ref, 'pull', opts.credentials);
  const fetched = await repo.manifest(ref.digest ?? (ref.tag as string), opts.signal);
  const parsed = parseManifest(fetched, familiarString(ref));
  const { mediaType, digest, size } = descriptorOf(fetched);
  if (parsed.kind === 'index') {
    return { Descriptor: { mediaType, digest, size }, Platforms: parsed.index.manifests.flatMap((m) => (m.platform ? [m.platform] : [])) };
  }
  const configDigest = parsed.manifest.config.digest;
  const bytes = await readBody(await repo.blob(configDigest, 0, opts.signal), MAX_CONFIG_BYTES, 'refuse');
  if (sha256(bytes) !== configDigest) throw invalidArgument(`image config verification failed for digest ${configDigest}`);
  let config: ImageConfig;
  try {
    config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
  } catch (err) {
    throw invalidArgument(`image config ${configDigest} of ${familiarString(ref)} is not JSON`, err);
  }
  const platform: Platform = { architecture: config.architecture, os: config.os };
  if (config.variant) platform.variant = config.variant;
  return { Descriptor: { mediaType, digest, size }, Platforms: [platform] };
}
