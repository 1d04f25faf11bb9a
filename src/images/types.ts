/**
 * Local image store.
 *
 * Words:
 * - image ID: the digest of the image's config blob (`sha256:…`); two images with
 *   the same config are the same image.
 * - reference: a normalised name with a tag (`docker.io/library/busybox:latest`) or
 *   a digest (`docker.io/library/busybox@sha256:…`, a repo digest: the manifest's
 *   digest in that repository). One image may have many; one reference names one image.
 * - target: the manifest (Docker schema2 or OCI) in the content store that lists the
 *   config and layer blobs. Commits and imports get a synthesised one.
 * - dangling: an image with no tag reference.
 * - chain ID: the OCI identity of a layer stack (chain(n) = sha256(chain(n-1) + " " + diffID(n)));
 *   the snapshot key of each unpacked layer.
 * - parent: the image a commit was made from (Docker's Parent), not a layer relation.
 */
import type { Readable } from 'node:stream';
import type { Filters } from '../apitypes/containers.js';
import type { HistoryResponseItem, ImageDeleteResponseItem, ImageInspect, ImagePruneResponse, ImageSummary } from '../apitypes/images.js';
import type { Descriptor, ImageConfig, ImageManifest, ImageRuntimeConfig } from '../oci/image.js';
import type { Digest } from '../util/digest.js';

export interface ImageRecord {
  id: Digest;
  /** The image manifest (never an index). */
  target: Descriptor;
  /** The index or manifest list the manifest was chosen from, when it came from one (its digest is the repo digest). */
  index?: Descriptor;
  /** Full tag references, sorted. */
  repoTags: string[];
  /** Full digest references, sorted. */
  repoDigests: string[];
  parent?: Digest;
  /** Bytes of the unpacked layers' files (Docker's Size); the blobs' sizes until unpacked. */
  size: number;
  /** RFC 3339: when the image entered this store. */
  added: string;
  /** RFC 3339: last time a tag was added (Docker's Metadata.LastTagTime). */
  lastTagTime?: string;
}

/** Containers using an image, supplied by the engine (ids). */
export type UsedBy = (imageId: Digest) => Promise<{ running: string[]; stopped: string[] }>;

export type ImageEventAction = 'tag' | 'untag' | 'delete' | 'load' | 'import' | 'save' | 'pull' | 'commit';
/** `id` is the image id, or the reference for tag/untag/save as Docker does. */
export type ImageEventHandler = (action: ImageEventAction, id: string, attrs: Record<string, string>) => void;

export interface RemoveOptions {
  force?: boolean;
  /** Keep untagged parents (Docker's `noprune`). */
  noprune?: boolean;
}

export interface ImportOptions {
  /** Reference to tag the new image with (`repo[:tag]`). */
  ref?: string;
  /** History comment. */
  message?: string;
  /** Dockerfile-like lines: `CMD ["sh"]`, `ENV A=b`, `WORKDIR /x` … */
  changes?: string[];
  /** `os[/arch[/variant]]`; the host's when absent. */
  platform?: string;
}

export interface CommitOptions {
  /** The container's active snapshot. */
  snapshotKey: string;
  parentImageId?: Digest;
  /** The container's config (Docker's ContainerConfig subset an image keeps). */
  config: ImageRuntimeConfig;
  /** Dockerfile-like lines applied over `config` (`docker commit --change`). */
  changes?: string[];
  author?: string;
  comment?: string;
  /** History `created_by` (Docker leaves it empty for commits). */
  createdBy?: string;
  /** Container id, recorded as the config's `container`. */
  container?: string;
  ref?: string;
}

export interface RegisterOptions {
  /** An image manifest (or index/manifest list: the host platform's entry is used) whose blobs are all in the content store. */
  target: Descriptor;
  /** Tag reference to point at the image. */
  ref?: string;
  /** Add `<repository>@<target digest>` as a repo digest for this repository. */
  repository?: string;
}

export interface ImageStore {
  /** By full or familiar reference, `name@digest`, full/short/`sha256:` id. not-found `No such image: <ref>`. */
  resolve(refOrId: string): Promise<ImageRecord>;
  config(image: ImageRecord): Promise<ImageConfig>;
  /** Record an image whose blobs the caller put in the content store (pull, build). */
  register(opts: RegisterOptions): Promise<ImageRecord>;
  /**
   * Unpack a manifest's layers in order while the caller is still fetching them:
   * each waits for `ready(blob digest)` (the config first), so a pull extracts layer 1
   * while later ones download. A `register` afterwards finds them unpacked.
   */
  unpackAhead(manifest: ImageManifest, ready: (blob: Digest) => Promise<void>): Promise<void>;
  /** Snapshot key of the image's top layer (its chain ID), unpacking layers on first use; undefined for no layers. */
  rootfsParent(image: ImageRecord): Promise<string | undefined>;

  list(opts?: { all?: boolean; filters?: Filters; digests?: boolean }): Promise<ImageSummary[]>;
  inspect(refOrId: string): Promise<ImageInspect>;
  history(refOrId: string): Promise<HistoryResponseItem[]>;
  /** `target` is `repo[:tag]`; refuses digests. */
  tag(source: string, target: string): Promise<void>;
  remove(refOrId: string, opts?: RemoveOptions): Promise<ImageDeleteResponseItem[]>;
  prune(filters?: Filters): Promise<ImagePruneResponse>;
  /**
   * Remove unpacked layers no image needs. A deleted image's layers stay while a
   * container's snapshot sits on them; call this after removing such a snapshot.
   * Returns the chain IDs removed.
   */
  gcLayers(): Promise<string[]>;

  /** A `docker save` tarball (legacy + OCI layout) of the named images. */
  save(refs: string[]): Promise<Readable>;
  /** Load a `docker save` tarball; returns Docker's lines (`Loaded image: busybox:latest`, `Loaded image ID: sha256:…`). */
  load(tar: Readable, signal?: AbortSignal): Promise<string[]>;
  /** `docker import`: a rootfs tar (plain or gzip) becomes a one-layer image. */
  importRootfs(tar: Readable, opts?: ImportOptions): Promise<ImageRecord>;
  /** `docker commit`: parent's layers + the diff of the container's upper dir. */
  commit(opts: CommitOptions): Promise<ImageRecord>;
}
