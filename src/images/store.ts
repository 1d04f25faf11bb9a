/**
 * The local image store: records in an index file, blobs in the content store,
 * layers unpacked once into committed snapshots keyed by chain ID.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { applyLayer } from '../archive/index.js';
import type { ContentStore } from '../content/index.js';
import { invalidArgument, isNotFound, notFound } from '../errdefs/index.js';
import type { ImageConfig, ImageManifest, Platform } from '../oci/image.js';
import { familiarString, parseNormalizedNamed, parseStoredReference, referenceString, repositoryName, withDefaultTag } from '../oci/reference.js';
import { diskUsage } from '../snapshots/index.js';
import type { SnapshotDirs, Snapshotter } from '../snapshots/index.js';
import { encoded, type Digest } from '../util/digest.js';
import { commitImage, importRootfs } from './create.js';
import { deleteImage, sweepLayers } from './delete.js';
import { chainIds, imageLayers, readJson, selectManifest, type LayerInfo } from './layers.js';
import { loadArchive } from './load.js';
import { ImageRecords } from './records.js';
import { saveArchive } from './save.js';
import { tagReference } from './store-parts.js';
import type { CommitOptions, DeletedImage, ImageEventAction, ImageEventHandler, ImageRecord, ImageStore, ImportOptions, NewImage, RegisterOptions } from './types.js';

export interface ImageStoreOptions {
  /** Directory for the image index. */
  root: string;
  content: ContentStore;
  snapshots: Snapshotter;
  onEvent?: ImageEventHandler;
  /** Platform images are made and chosen for; the host's by default. */
  platform?: Platform;
}

const SHORT_ID_RE = /^(?:sha256:)?([a-f0-9]{1,64})$/;

/** Layers extracted at once while unpacking an image (this VM has two cores). */
const EXTRACTIONS_AT_ONCE = 2;

export class LocalImageStore implements ImageStore {
  readonly root: string;
  readonly content: ContentStore;
  readonly snapshots: Snapshotter;
  readonly platform: Platform;
  private readonly onEvent: ImageEventHandler | undefined;
  /** Configs and manifests are immutable blobs: cached once read. */
  private readonly configs = new Map<Digest, ImageConfig>();
  private readonly manifests = new Map<Digest, ImageManifest>();
  private readonly unpacking = new Map<string, Promise<void>>();
  /** Chain IDs of images being added: unpacked but not yet recorded, so no sweep may take them. */
  private readonly pins = new Map<string, number>();

  private constructor(
    opts: ImageStoreOptions,
    readonly records: ImageRecords,
  ) {
    this.root = opts.root;
    this.content = opts.content;
    this.snapshots = opts.snapshots;
    this.platform = opts.platform ?? hostPlatform();
    this.onEvent = opts.onEvent;
  }

  static async open(opts: ImageStoreOptions): Promise<LocalImageStore> {
    await mkdir(opts.root, { recursive: true });
    // Layers a killed daemon was extracting and archives it was loading: never committed, so nothing points at them.
    await rm(join(opts.root, 'staging'), { recursive: true, force: true });
    await rm(join(opts.root, 'tmp'), { recursive: true, force: true });
    await mkdir(join(opts.root, 'staging'));
    return new LocalImageStore(opts, await ImageRecords.open(opts.root));
  }

  async resolve(refOrId: string): Promise<ImageRecord> {
    const rec = this.lookup(refOrId);
    if (!rec) throw notFound(`No such image: ${refOrId}`);
    return rec;
  }

  /** As Docker: a reference first, then an id or unambiguous id prefix. */
  private lookup(s: string): ImageRecord | undefined {
    if (/^sha256:[a-f0-9]{64}$/.test(s)) return this.records.get(s as Digest);
    if (/^[a-f0-9]{64}$/.test(s)) return this.records.get(`sha256:${s}`);
    let ref;
    try {
      ref = parseNormalizedNamed(s);
    } catch (err) {
      if (!SHORT_ID_RE.test(s)) throw err;
    }
    if (ref?.digest !== undefined) {
      const hit = this.records.byRef(`${repositoryName(ref)}@${ref.digest}`) ?? this.records.get(ref.digest);
      if (hit) return hit;
    } else if (ref) {
      const hit = this.records.byRef(referenceString(withDefaultTag(ref)));
      if (hit) return hit;
    }
    const m = SHORT_ID_RE.exec(s);
    if (!m) return undefined;
    const hits = this.records.all().filter((r) => encoded(r.id).startsWith(m[1]));
    return hits.length === 1 ? hits[0] : undefined;
  }

  get(id: Digest): ImageRecord | undefined {
    return this.records.get(id);
  }

  all(): ImageRecord[] {
    return this.records.all();
  }

  children(id: Digest): ImageRecord[] {
    return this.records.children(id);
  }

  layerSize(chainId: string): number | undefined {
    return this.records.layerSize(chainId);
  }

  async layerDirs(image: ImageRecord): Promise<SnapshotDirs | undefined> {
    const top = chainIds((await this.config(image)).rootfs.diff_ids).at(-1);
    if (top === undefined) return undefined;
    try {
      return await this.snapshots.dirs(top);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  config(image: ImageRecord): Promise<ImageConfig> {
    return this.configById(image.id);
  }

  manifest(image: ImageRecord): Promise<ImageManifest> {
    return this.manifestByDigest(image.target.digest);
  }

  async layers(image: ImageRecord): Promise<LayerInfo[]> {
    return imageLayers(await this.manifest(image), await this.config(image));
  }

  private async configById(id: Digest): Promise<ImageConfig> {
    let cfg = this.configs.get(id);
    if (!cfg) {
      cfg = await readJson<ImageConfig>(this.content, id);
      if (!cfg.rootfs || !Array.isArray(cfg.rootfs.diff_ids)) throw invalidArgument(`image config ${id} has no rootfs`);
      this.configs.set(id, cfg);
    }
    return cfg;
  }

  private async manifestByDigest(digest: Digest): Promise<ImageManifest> {
    let m = this.manifests.get(digest);
    if (!m) {
      m = await readJson<ImageManifest>(this.content, digest);
      this.manifests.set(digest, m);
    }
    return m;
  }

  async register(opts: RegisterOptions): Promise<ImageRecord> {
    const target = await selectManifest(this.content, opts.target, this.platform);
    const image: NewImage = { target, tags: [], digests: [] };
    if (target !== opts.target) image.index = opts.target;
    if (opts.ref !== undefined) image.tags = [tagReference(opts.ref)];
    if (opts.repository !== undefined) image.digests = [`${repositoryName(parseNormalizedNamed(opts.repository))}@${opts.target.digest}`];
    return this.addImage(image);
  }

  /** Unpack an image's layers and record it (merging with an existing record of the same id). */
  async addImage(img: NewImage): Promise<ImageRecord> {
    const manifest = await this.manifestByDigest(img.target.digest);
    const id = manifest.config.digest;
    const layers = imageLayers(manifest, await this.configById(id));
    return this.pinned(layers, async () => {
      await this.unpack(layers);
      return this.record(id, img, await this.sizeOf(layers));
    });
  }

  async unpackAhead(manifest: ImageManifest, ready: (blob: Digest) => Promise<void>): Promise<void> {
    await ready(manifest.config.digest);
    const layers = imageLayers(manifest, await this.configById(manifest.config.digest));
    await this.pinned(layers, () => this.unpack(layers, ready));
  }

  /** Layers being unpacked or recorded are not swept as unused meanwhile. */
  private async pinned<T>(layers: LayerInfo[], fn: () => Promise<T>): Promise<T> {
    const chains = layers.map((l) => l.chainId);
    for (const c of chains) this.pins.set(c, (this.pins.get(c) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      for (const c of chains) {
        const n = (this.pins.get(c) ?? 1) - 1;
        if (n === 0) this.pins.delete(c);
        else this.pins.set(c, n);
      }
    }
  }

  isPinned(chainId: string): boolean {
    return this.pins.has(chainId);
  }

  private record(id: Digest, img: NewImage, size: number): Promise<ImageRecord> {
    return this.records.update((d) => {
      const rec = this.records.get(id) ?? { id, target: img.target, repoTags: [], repoDigests: [], size, added: new Date().toISOString() };
      if (img.index && !rec.index) rec.index = img.index;
      if (img.parent) rec.parent = img.parent;
      rec.size = size;
      d.put(rec);
      for (const t of img.tags ?? []) d.addRef(rec.id, t, false);
      for (const dg of img.digests ?? []) d.addRef(rec.id, dg, true);
      return rec;
    });
  }

  async rootfsParent(image: ImageRecord): Promise<string | undefined> {
    const layers = await this.layers(image);
    await this.unpack(layers);
    return layers.at(-1)?.chainId;
  }

  /** Bytes of the layers' files (Docker's image Size). */
  async sizeOf(layers: LayerInfo[]): Promise<number> {
    let total = 0;
    for (const l of layers) total += this.records.layerSize(l.chainId) ?? (await this.snapshots.usage(l.chainId)).size;
    return total;
  }

  /**
   * Unpack layers into committed snapshots, in chain order. Two layers extract at a time
   * (gunzip, tar and the diff-ID hash are CPU-bound): each into a staging directory of
   * its own, which moves into its snapshot once its parent is committed.
   */
  private async unpack(layers: LayerInfo[], ready: (blob: Digest) => Promise<void> = () => Promise.resolve()): Promise<void> {
    const done: Array<Promise<void>> = [];
    for (const [i, l] of layers.entries()) {
      const parent = layers[i - 1]?.chainId;
      const parentDone = done[i - 1] ?? Promise.resolve();
      const slot = done[i - EXTRACTIONS_AT_ONCE] ?? Promise.resolve();
      const work = Promise.all([slot, ready(l.blob.digest)]).then(() => this.unpackLayer(l, parent, parentDone));
      // A failure surfaces through Promise.all below; later layers must not also go unhandled.
      work.catch(() => undefined);
      done.push(work);
    }
    await Promise.all(done);
  }

  /** Unpack one layer into its committed snapshot unless there already is one; concurrent callers share the work. */
  private unpackLayer(layer: LayerInfo, parent: string | undefined, parentDone: Promise<void>): Promise<void> {
    const running = this.unpacking.get(layer.chainId);
    if (running) return running;
    const work = (async () => {
      try {
        await this.snapshots.stat(layer.chainId);
        // A layer committed in place (a build step's upper dir) arrives without a recorded size.
        if (this.records.layerSize(layer.chainId) === undefined) {
          const { size } = await this.snapshots.usage(layer.chainId);
          await this.records.update((d) => d.setLayerSize(layer.chainId, size));
        }
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const staging = await mkdtemp(join(this.root, 'staging', 'layer-'));
      try {
        // The snapshotter makes upper dirs 0755; the staged root becomes one.
        await chmod(staging, 0o755);
        const res = await applyLayer(this.content.createReadStream(layer.blob.digest), staging);
        if (res.diffId !== layer.diffId) {
          throw invalidArgument(`layer ${layer.blob.digest}: unpacked content has diff ID ${res.diffId}, the image config says ${layer.diffId}`);
        }
        const { size } = await diskUsage(staging);
        await parentDone;
        await this.commitStaged(layer, parent, staging);
        await this.records.update((d) => {
          d.setLayerSize(layer.chainId, size);
          d.setTarSize(layer.diffId, res.size);
        });
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    })();
    this.unpacking.set(layer.chainId, work);
    return work.finally(() => this.unpacking.delete(layer.chainId));
  }

  /** The staged tree becomes the upper dir of a new snapshot on `parent`, committed as the layer's chain ID. */
  private async commitStaged(layer: LayerInfo, parent: string | undefined, staging: string): Promise<void> {
    const key = `extract-${randomBytes(6).toString('hex')}-${layer.chainId}`;
    await this.snapshots.prepare(key, parent);
    try {
      const upper = (await this.snapshots.dirs(key)).upper as string;
      await rmdir(upper);
      // Same filesystem (both under the data root), so a rename: nothing is copied.
      await rename(staging, upper);
      await this.snapshots.commit(layer.chainId, key);
    } catch (err) {
      await this.snapshots.remove(key).catch(() => undefined);
      throw err;
    }
  }

  async tag(source: string, target: string): Promise<void> {
    const rec = await this.resolve(source);
    const full = tagReference(target);
    await this.records.update((d) => d.addRef(rec.id, full, false));
    this.emit('tag', rec.id, { name: familiarString(parseNormalizedNamed(full)) });
  }

  async untag(id: Digest, ref: string): Promise<boolean> {
    const removed = await this.records.update((d) => d.removeRef(id, ref));
    if (removed) this.emit('untag', id, { name: familiarString(parseStoredReference(ref)) });
    return removed;
  }

  delete(id: Digest): Promise<DeletedImage> {
    return deleteImage(this, id);
  }

  async gcLayers(): Promise<string[]> {
    return (await sweepLayers(this)).layers;
  }

  save(refs: string[]): Promise<Readable> {
    return saveArchive(this, refs);
  }

  load(tar: Readable, signal?: AbortSignal): Promise<string[]> {
    return loadArchive(this, tar, signal);
  }

  importRootfs(tar: Readable, opts: ImportOptions = {}): Promise<ImageRecord> {
    return importRootfs(this, tar, opts);
  }

  commit(opts: CommitOptions): Promise<ImageRecord> {
    return commitImage(this, opts);
  }

  emit(action: ImageEventAction, id: string, attrs: Record<string, string> = {}): void {
    this.onEvent?.(action, id, attrs);
  }
}


const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostPlatform(): Platform {
  return { os: 'linux', architecture: GOARCH[process.arch] ?? process.arch };
}
