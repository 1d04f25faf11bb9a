/**
 * From an image record to its layers: the manifest's blobs, the config's diff
 * IDs, and the chain IDs that key their snapshots.
 */
import type { ContentReader } from '../content/index.js';
import { invalidArgument, notFound } from '../errdefs/index.js';
import { MediaType, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, type Platform } from '../oci/image.js';
import { sha256, type Digest } from '../util/digest.js';

/** Digest of an empty tar (two zero blocks): Docker marks such layers `empty_layer` and leaves them out of rootfs. */
export const EMPTY_LAYER_DIFF_ID: Digest = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

export interface LayerInfo {
  blob: Descriptor;
  diffId: Digest;
  chainId: Digest;
}

/** OCI chain IDs: chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)). */
export function chainIds(diffIds: Digest[]): Digest[] {
  const out: Digest[] = [];
  for (const d of diffIds) out.push(out.length === 0 ? d : sha256(`${out[out.length - 1]} ${d}`));
  return out;
}

export async function readJson<T>(content: ContentReader, digest: Digest): Promise<T> {
  const raw = await content.readBlob(digest);
  try {
    return JSON.parse(raw.toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`blob ${digest} is not valid JSON`, err);
  }
}

export function isIndex(mediaType: string): boolean {
  return mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList;
}

/** The manifest of `target` for `platform`: target itself, or the matching entry when it is an index. */
export async function selectManifest(content: ContentReader, target: Descriptor, platform: Platform): Promise<Descriptor> {
  if (!isIndex(target.mediaType)) return target;
  const index = await readJson<ImageIndex>(content, target.digest);
  const match = index.manifests.find(
    (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture && (platform.variant === undefined || m.platform.variant === undefined || m.platform.variant === platform.variant),
  );
  if (!match) throw notFound(`no matching manifest for ${platform.os}/${platform.architecture} in the manifest list entries`);
  return match;
}

export function imageLayers(manifest: ImageManifest, config: ImageConfig): LayerInfo[] {
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw invalidArgument(`image config lists ${diffIds.length} layers but its manifest has ${manifest.layers.length}`);
  }
  const chains = chainIds(diffIds);
  return manifest.layers.map((blob, i) => ({ blob, diffId: diffIds[i], chainId: chains[i] }));
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
