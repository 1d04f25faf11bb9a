/**
 * What the builder needs from the engine's stores and runtime, handed in by
 * the composition root. Narrow on purpose: the builder records images and
 * commits snapshots, it never reaches into another module's files.
 */
import type { ContentStore } from '../../content/index.js';
import type { ImageDeleteResponseItem } from '../../apitypes/images.js';
import type { ImageRecord } from '../../images/index.js';
import type { NewImage } from '../../images/store.js';
import type { ImageConfig, ImageManifest, Platform } from '../../oci/image.js';
import type { HostFacts, Runtime } from '../../runtime/index.js';
import type { Snapshotter } from '../../snapshots/index.js';

export interface BuildImageStore {
  readonly platform: Platform;
  resolve(refOrId: string): Promise<ImageRecord>;
  config(image: ImageRecord): Promise<ImageConfig>;
  manifest(image: ImageRecord): Promise<ImageManifest>;
  rootfsParent(image: ImageRecord): Promise<string | undefined>;
  addImage(image: NewImage): Promise<ImageRecord>;
  tag(source: string, target: string): Promise<void>;
  remove(refOrId: string, opts?: { force?: boolean; noprune?: boolean }): Promise<ImageDeleteResponseItem[]>;
}

export interface BuilderDeps {
  /** `<data-root>/builder`: the layer cache index and received contexts. */
  root: string;
  /** `<exec-root>/builder`: bundles and mounted roots of RUN containers. */
  execRoot: string;
  images: BuildImageStore;
  content: Pick<ContentStore, 'writeBlob' | 'ingest'>;
  snapshots: Snapshotter;
  runtime: Runtime;
  hostFacts: HostFacts;
  cgroupParent?: string;
}
