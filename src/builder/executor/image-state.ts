/**
 * The image a build step starts from and the one it leaves: config, layer
 * blobs and the snapshot of the top layer. Every step is committed as an
 * image whose parent is the step before (Docker's classic builder), so the
 * cache, `history` and `images -a` see the same intermediate images.
 */
import { chainIds } from '../../images/index.js';
import { MediaType, type Descriptor, type HistoryEntry, type ImageConfig, type ImageManifest, type ImageRuntimeConfig } from '../../oci/image.js';
import type { Digest } from '../../util/digest.js';
import type { BuilderDeps } from './deps.js';

export interface ImageState {
  /** undefined for scratch. */
  id?: Digest;
  config: ImageConfig;
  layers: Descriptor[];
  /** Snapshot key (chain ID) of the top layer; undefined when there are no layers. */
  chainId?: string;
}

export function scratchState(deps: BuilderDeps): ImageState {
  const { os, architecture, variant } = deps.images.platform;
  return { config: { architecture, os, ...(variant ? { variant } : {}), config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] }, layers: [] };
}

export async function imageState(deps: BuilderDeps, ref: string): Promise<ImageState> {
  const rec = await deps.images.resolve(ref);
  const [config, manifest, chainId] = await Promise.all([deps.images.config(rec), deps.images.manifest(rec), deps.images.rootfsParent(rec)]);
  return { id: rec.id, config, layers: manifest.layers, ...(chainId ? { chainId } : {}) };
}

/** A new layer, already committed as snapshot `chainId`. */
export interface NewLayer {
  blob: Descriptor;
  diffId: Digest;
}

/** The chain ID a layer with `diffId` gets on top of `parent`. */
export function childChainId(parent: ImageState, diffId: Digest): string {
  return chainIds([...parent.config.rootfs.diff_ids, diffId]).at(-1) as string;
}

/** Record the step's image: parent's layers (plus `layer`), `runtime` as its config, one more history row (`recorded`: a cache source's, as it is). */
export async function commitState(deps: BuilderDeps, parent: ImageState, runtime: ImageRuntimeConfig, createdBy: string, layer?: NewLayer, recorded?: HistoryEntry): Promise<ImageState> {
  const history: HistoryEntry = recorded ?? { created: new Date().toISOString(), created_by: createdBy, ...(layer ? {} : { empty_layer: true }) };
  const config: ImageConfig = {
    ...parent.config,
    created: history.created ?? new Date().toISOString(),
    config: runtime,
    rootfs: { type: 'layers', diff_ids: [...parent.config.rootfs.diff_ids, ...(layer ? [layer.diffId] : [])] },
    history: [...(parent.config.history ?? []), history],
  };
  delete config.container;
  const configDesc = await deps.content.writeBlob(Buffer.from(JSON.stringify(config)), undefined, MediaType.DockerConfig);
  const layers = layer ? [...parent.layers, layer.blob] : parent.layers;
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.DockerManifest,
    config: configDesc,
    layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
  };
  const target = await deps.content.writeBlob(Buffer.from(JSON.stringify(manifest)), undefined, MediaType.DockerManifest);
  const rec = await deps.images.addImage({ target, ...(parent.id ? { parent: parent.id } : {}) });
  const chainId = layer ? childChainId(parent, layer.diffId) : parent.chainId;
  return { id: rec.id, config, layers, ...(chainId ? { chainId } : {}) };
}
