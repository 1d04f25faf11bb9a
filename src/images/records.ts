/**
 * The image index on disk (`<root>/images.json`): image records, and the
 * unpacked size of each layer. Kept in memory; every change is written whole
 * and atomically, one change at a time.
 */
import { join } from 'node:path';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic.js';
import type { Digest } from '../util/digest.js';
import { Mutex } from '../util/lock.js';
import type { ImageRecord } from './types.js';

interface IndexFile {
  images: Record<string, ImageRecord>;
  /** chain ID → bytes of that layer's files once unpacked. */
  layerSizes: Record<string, number>;
  /** diff ID → bytes of the uncompressed layer tar. */
  tarSizes: Record<string, number>;
}

export class ImageRecords {
  private readonly queue = new Mutex();

  private constructor(
    private readonly path: string,
    private readonly data: IndexFile,
  ) {}

  static async open(root: string): Promise<ImageRecords> {
    const path = join(root, 'images.json');
    const data = (await readJsonIfExists<IndexFile>(path)) ?? { images: {}, layerSizes: {}, tarSizes: {} };
    return new ImageRecords(path, data);
  }

  get(id: Digest): ImageRecord | undefined {
    return this.data.images[id];
  }

  all(): ImageRecord[] {
    return Object.values(this.data.images);
  }

  /** The image a full tag or digest reference names. */
  byRef(ref: string): ImageRecord | undefined {
    return this.all().find((r) => r.repoTags.includes(ref) || r.repoDigests.includes(ref));
  }

  children(id: Digest): ImageRecord[] {
    return this.all().filter((r) => r.parent === id);
  }

  layerSize(chainId: string): number | undefined {
    return this.data.layerSizes[chainId];
  }

  tarSize(diffId: string): number | undefined {
    return this.data.tarSizes[diffId];
  }

  /** Mutations: run one at a time; `fn` edits through the draft, which is then saved. */
  update<T>(fn: (draft: IndexDraft) => T | Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const result = await fn(new IndexDraft(this.data));
      await writeJsonAtomic(this.path, this.data);
      return result;
    };
    return this.queue.run(run);
  }
}

/** Write access to the index, only inside ImageRecords.update. */
export class IndexDraft {
  constructor(private readonly data: IndexFile) {}

  put(rec: ImageRecord): void {
    rec.repoTags.sort();
    rec.repoDigests.sort();
    this.data.images[rec.id] = rec;
  }

  delete(id: Digest): void {
    delete this.data.images[id];
  }

  /** Point `ref` (a full tag or digest reference) at `id`, taking it from whichever image had it. Returns that image's id. */
  addRef(id: Digest, ref: string, isDigest: boolean): Digest | undefined {
    let previous: Digest | undefined;
    for (const rec of Object.values(this.data.images)) {
      if (rec.id !== id && this.dropRef(rec, ref)) previous = rec.id;
    }
    const rec = this.data.images[id];
    const list = isDigest ? rec.repoDigests : rec.repoTags;
    if (!list.includes(ref)) {
      list.push(ref);
      list.sort();
    }
    if (!isDigest) rec.lastTagTime = new Date().toISOString();
    return previous;
  }

  /** Returns whether `ref` was on the image. */
  removeRef(id: Digest, ref: string): boolean {
    const rec = this.data.images[id];
    return rec !== undefined && this.dropRef(rec, ref);
  }

  setLayerSize(chainId: string, size: number): void {
    this.data.layerSizes[chainId] = size;
  }

  setTarSize(diffId: string, size: number): void {
    this.data.tarSizes[diffId] = size;
  }

  forgetLayer(chainId: string): void {
    delete this.data.layerSizes[chainId];
  }

  private dropRef(rec: ImageRecord, ref: string): boolean {
    const before = rec.repoTags.length + rec.repoDigests.length;
    rec.repoTags = rec.repoTags.filter((r) => r !== ref);
    rec.repoDigests = rec.repoDigests.filter((r) => r !== ref);
    return rec.repoTags.length + rec.repoDigests.length !== before;
  }
}
