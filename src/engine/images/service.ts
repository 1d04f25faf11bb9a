/**
 * ImageService: the API's image operations over the images module. The
 * images module learns which containers use an image through `imageUsage`,
 * and reports its events through `imageEventHandler`; the daemon wires both.
 */
import type { Readable } from 'node:stream';
import type { Filters } from '../../apitypes/containers.js';
import type { HistoryResponseItem, ImageDeleteResponseItem, ImageInspect, ImageSummary } from '../../apitypes/images.js';
import type { ImageEventHandler, ImageStore, UsedBy } from '../../images/types.js';
import type { EngineContext } from '../context.js';
import type { EventBus } from '../events/bus.js';
import type { ImageService } from '../types.js';

/** Which containers use an image, split as the images module wants for its conflict messages. */
export function imageUsage(ctx: EngineContext): UsedBy {
  return async (imageId) => {
    const running: string[] = [];
    const stopped: string[] = [];
    for (const c of ctx.store.all()) {
      if (c.record.Image !== imageId) continue;
      (c.running ? running : stopped).push(c.id);
    }
    return { running, stopped };
  };
}

/** Publishes the images module's events on the engine's bus. */
export function imageEventHandler(bus: EventBus): ImageEventHandler {
  return (action, id, attrs) => bus.publish('image', action, { ID: id, Attributes: attrs });
}

export class ImageServiceImpl implements ImageService {
  constructor(private readonly images: ImageStore) {}

  list(opts: { all?: boolean; filters?: Filters; digests?: boolean }): Promise<ImageSummary[]> {
    return this.images.list(opts);
  }

  inspect(ref: string): Promise<ImageInspect> {
    return this.images.inspect(ref);
  }

  history(ref: string): Promise<HistoryResponseItem[]> {
    return this.images.history(ref);
  }

  tag(ref: string, repo: string, tag?: string): Promise<void> {
    return this.images.tag(ref, tag ? `${repo}:${tag}` : repo);
  }

  remove(ref: string, opts: { force: boolean; noprune: boolean }): Promise<ImageDeleteResponseItem[]> {
    return this.images.remove(ref, opts);
  }

  prune(filters: Filters): Promise<{ ImagesDeleted: ImageDeleteResponseItem[] | null; SpaceReclaimed: number }> {
    return this.images.prune(filters);
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
