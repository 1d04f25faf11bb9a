/**
 * What the builder needs from the engine's stores and runtime, handed in by
 * the composition root. Narrow on purpose: the builder records images and
 * commits snapshots, it never reaches into another module's files.
 */
import type { ContentStore } from '../../content/index.js';
import type { ImageDeleteResponseItem } from '../../apitypes/images.js';
import type { ImageStore } from '../../images/index.js';
import type { HostFacts, NamespaceMode, Runtime } from '../../runtime/index.js';
import type { Snapshotter } from '../../snapshots/index.js';

export type BuildImageStore = Pick<ImageStore, 'platform' | 'resolve' | 'config' | 'manifest' | 'rootfsParent' | 'addImage' | 'tag'>;

/** Docker's image removal, refusing images a container or a child uses: the engine's, since only it knows the containers. */
export type RemoveImage = (id: string, opts: { noprune: boolean }) => Promise<ImageDeleteResponseItem[]>;

/** The network a RUN container joins, and the /etc files (written into the step's bundle dir) it sees there. */
export interface RunSandbox {
  namespace: NamespaceMode;
  hosts: string;
  resolvConf: string;
  /** Detach and remove the namespace; the files go with the bundle dir. */
  release(): Promise<void>;
}

/**
 * RUN's networking, as a container of the engine gets it: `default` (the default
 * bridge), `host`, `none` or a user network by name (an unknown one is not-found),
 * `extraHosts` (`name:ip`) added to /etc/hosts. The engine's sandboxes, handed in
 * by the composition root.
 */
export interface BuildNetwork {
  join(id: string, opts: { mode: string; hostname: string; extraHosts: string[]; dir: string }): Promise<RunSandbox>;
}

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
  network: BuildNetwork;
  cgroupParent?: string;
}
