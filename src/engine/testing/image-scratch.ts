/** The images fixture's scratch stores with the engine's image service over them, and containers' image use set by the test. */
import type { Digest } from '../../util/digest.js';
import { withScratch, type Engine, type Scratch } from '../../images/testing/image-fixtures.js';
import { ImageServiceImpl } from '../images/service.js';

export interface ImageEngine extends Engine {
  service: ImageServiceImpl;
  /** Image id → the containers the service is told use it. */
  usage: Map<string, { running: string[]; stopped: string[] }>;
}

export interface ImageScratch extends Omit<Scratch, 'open'> {
  open(name: string): Promise<ImageEngine>;
}

export function withImageScratch(fn: (s: ImageScratch) => Promise<void>): Promise<void> {
  return withScratch((s) =>
    fn({
      ...s,
      async open(name) {
        const e = await s.open(name);
        const usage: ImageEngine['usage'] = new Map();
        const users = (id: Digest): { running: string[]; stopped: string[] } => usage.get(id) ?? { running: [], stopped: [] };
        return { ...e, usage, service: new ImageServiceImpl(e.images, users) };
      },
    }),
  );
}
