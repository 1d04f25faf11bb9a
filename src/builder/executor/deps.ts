/**
 * What the builder needs from the engine's stores and runtime, handed in by
 * the composition root. Narrow on purpose: the builder records images and
 * commits snapshots, it never reaches into another module's files.
 */
import type { ContentStore } from '../../content/index.js';
import type { ImageDeleteResponseItem } from '../../apitypes/images.js';
import type { ImageStore } from '../../images/index.js';
import type { HostFacts, Runtime } from '../../runtime/index.js';
import type { Snapshotter } from '../../snapshots/index.js';

export type BuildImageStore = Pick<ImageStore, 'platform' | 'resolve' | 'config' | 'manifest' | 'rootfsParent' | 'addImage' | 'tag'>;

/** Docker's image removal, refusing images a container or a child uses: the engine's, since only it knows the containers. */
export type RemoveImage = (id: string, opts: { noprune: boolean }) => Promise<ImageDeleteResponseItem[]>;

export interface BuilderDeps {
  /** `<data-root>/builder`: the layer cache index and received contexts. */
  root: string;
  /** `<exec-root>/builder`: bundles and mounted roots of RUN containers. */
  execRoot: string;
  images: BuildImageStore;
  /** How the cache prune removes the intermediate images it held. */
  removeImage: RemoveImage;
  content: Pick<ContentStore, 'writeBlob' | 'ingest'>;
  snapshots: Snapshotter;
  runtime: Runtime;
  hostFacts: HostFacts;
  cgroupParent?: string;
}
