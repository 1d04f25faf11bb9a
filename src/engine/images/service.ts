/**
 * ImageService: the API's image operations. The images module keeps records,
 * references and layers; the Docker views, filters and removal rules (which
 * need to know the containers using an image) live here.
 */
import type { Readable } from 'node:stream';
import type { Filters } from '../../apitypes/containers.js';
import type { HistoryResponseItem, ImageDeleteResponseItem, ImageInspect, ImagePruneResponse, ImageSummary } from '../../apitypes/images.js';
import type { ImageEventHandler, ImageStore } from '../../images/index.js';
import { Mutex } from '../../util/lock.js';
import type { EventBus } from '../events/bus.js';
import type { ImageService } from '../types.js';
import { pruneImages, removeImage, type ImageUsers, type RemoveOptions } from './remove.js';
import { historyOf, inspectOf, listImages } from './views.js';

/** Publishes the images module's events on the engine's bus. */
export function imageEventHandler(bus: EventBus): ImageEventHandler {
  return (action, id, attrs) => bus.publish('image', action, { ID: id, Attributes: attrs });
}

export class ImageServiceImpl implements ImageService {
  private readonly deletions = new Mutex();

  constructor(
    private readonly images: ImageStore,
    private readonly users: ImageUsers,
  ) {}

  list(opts: { all?: boolean; filters?: Filters; digests?: boolean } = {}): Promise<ImageSummary[]> {
    return listImages(this.images, opts);
  }

  async inspect(ref: string): Promise<ImageInspect> {
    return inspectOf(this.images, await this.images.resolve(ref));
  }

  async history(ref: string): Promise<HistoryResponseItem[]> {
    return historyOf(this.images, await this.images.resolve(ref));
  }

  tag(ref: string, repo: string, tag?: string): Promise<void> {
    return this.images.tag(ref, tag ? `${repo}:${tag}` : repo);
  }

  remove(ref: string, opts: RemoveOptions = {}): Promise<ImageDeleteResponseItem[]> {
    return this.oneDeletionAtATime(() => removeImage(this.images, this.users, ref, opts));
  }

  prune(filters: Filters = {}): Promise<ImagePruneResponse> {
    return this.oneDeletionAtATime(() => pruneImages(this.images, this.users, filters));
  }

  /**
   * Removals read a record, decide, then untag and delete across awaits; two at once
   * (`rmi a:1 a:2` sends both together) would each see the other's half-done work.
   */
  private oneDeletionAtATime<T>(fn: () => Promise<T>): Promise<T> {
    return this.deletions.run(fn);
  }

  save(refs: string[]): Promise<Readable> {
    return this.images.save(refs);
  }

  load(tar: Readable, signal?: AbortSignal): Promise<string[]> {
    return this.images.load(tar, signal);
  }

  async import(src: Readable, opts: { repo?: string; tag?: string; message?: string; changes: string[]; platform?: string }): Promise<string> {
    const ref = opts.repo ? (opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo) : undefined;
    const rec = await this.images.importRootfs(src, {
      ...(ref ? { ref } : {}),
      ...(opts.message ? { message: opts.message } : {}),
      changes: opts.changes,
      ...(opts.platform ? { platform: opts.platform } : {}),
    });
    return rec.id;
  }
}
