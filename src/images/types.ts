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
import type { Descriptor, ImageConfig, ImageManifest, ImageRuntimeConfig, Platform } from '../oci/image.js';
import type { SnapshotDirs } from '../snapshots/index.js';
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

export type ImageEventAction = 'tag' | 'untag' | 'delete' | 'load' | 'import' | 'save' | 'pull' | 'commit';
/** `id` is the image id, or the reference for tag/untag/save as Docker does. */
export type ImageEventHandler = (action: ImageEventAction, id: string, attrs: Record<string, string>) => void;

/** What addImage records: a manifest already in the content store, and the references to give it. */
export interface NewImage {
  target: Descriptor;
  index?: Descriptor;
  parent?: Digest;
  /** Full tag references. */
  tags?: string[];
  /** Full digest references. */
  digests?: string[];
}

/** What deleting an image took with it. */
export interface DeletedImage {
  /** Full references it still had, in the order they were dropped. */
  untagged: string[];
  /** Chain IDs of the unpacked layers removed because nothing needs them any more. */
  layers: string[];
  /** Bytes those layers held. */
  reclaimed: number;
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
  /** Platform images are made and chosen for. */
  readonly platform: Platform;
  /** By full or familiar reference, `name@digest`, full/short/`sha256:` id. not-found `No such image: <ref>`. */
  resolve(refOrId: string): Promise<ImageRecord>;
  /** The record of an image id, if it is (still) in the store. */
  get(id: Digest): ImageRecord | undefined;
  /** Every image record. */
  all(): ImageRecord[];
  /** Images whose parent is `id`. */
  children(id: Digest): ImageRecord[];
  config(image: ImageRecord): Promise<ImageConfig>;
  manifest(image: ImageRecord): Promise<ImageManifest>;
  /** Record an image whose blobs the caller put in the content store (pull, build). */
  register(opts: RegisterOptions): Promise<ImageRecord>;
  /** Unpack an image's layers and record it (merging with an existing record of the same id). */
  addImage(image: NewImage): Promise<ImageRecord>;
  /**
   * Unpack a manifest's layers in order while the caller is still fetching them:
   * each waits for `ready(blob digest)` (the config first), so a pull extracts layer 1
   * while later ones download. A `register` afterwards finds them unpacked.
   */
  unpackAhead(manifest: ImageManifest, ready: (blob: Digest) => Promise<void>): Promise<void>;
  /** Snapshot key of the image's top layer (its chain ID), unpacking layers on first use; undefined for no layers. */
  rootfsParent(image: ImageRecord): Promise<string | undefined>;
  /** Bytes of an unpacked layer's files, when known. */
  layerSize(chainId: string): number | undefined;
  /** Directories of the image's top layer as unpacked; undefined when it has no layers or they are not unpacked. */
  layerDirs(image: ImageRecord): Promise<SnapshotDirs | undefined>;

  /** `target` is `repo[:tag]`; refuses digests. */
  tag(source: string, target: string): Promise<void>;
  /** Drop one full tag or digest reference from an image; false when the image did not have it. */
  untag(id: Digest, ref: string): Promise<boolean>;
  /**
   * Delete an image: its remaining references, its record, the blobs no other image
   * uses and the unpacked layers nothing needs. Who may delete (containers, children)
   * is the caller's to decide.
   */
  delete(id: Digest): Promise<DeletedImage>;
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
