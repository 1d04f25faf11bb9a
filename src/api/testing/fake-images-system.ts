/** The image and system halves of the fake services (see fake-services.ts). */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { EventMessage } from '../../apitypes/system.js';
import type { ImageService, SystemService } from '../../engine/index.js';
import { invalidArgument, notFound } from '../../errdefs/index.js';
import { Queue } from './fake-queue.js';

export type Recorder = (method: string, ...args: unknown[]) => void;

export function fakeImageService(record: Recorder, uploads: Buffer[]): ImageService {
  return {
    async list(opts) {
      record('images.list', opts);
      return [];
    },
    async inspect(ref) {
      record('images.inspect', ref);
      throw notFound(`No such image: ${ref}`);
    },
    async history(ref) {
      record('images.history', ref);
      return [{ Id: 'sha256:' + 'a'.repeat(64), Created: 1700000000, CreatedBy: 'x', Tags: [ref], Size: 0, Comment: '' }];
    },
    async tag(ref, repo, tag) {
      record('images.tag', ref, repo, tag);
    },
    async remove(ref, opts) {
      record('images.remove', ref, opts);
      return [{ Untagged: ref }];
    },
    async prune(filters) {
      record('images.prune', filters);
      return { ImagesDeleted: null, SpaceReclaimed: 0 };
    },
    async save(refs) {
      record('images.save', refs);
      return Readable.from([Buffer.from('saved:' + refs.join(','))]);
    },
    async load(tar) {
      const data = await buffer(tar);
      record('images.load', data.toString());
      if (data.length === 0) throw invalidArgument('unexpected EOF');
      return ['Loaded image: busybox:latest'];
    },
    async import(src, opts) {
      uploads.push(await buffer(src));
      record('images.import', opts);
      return 'sha256:' + 'b'.repeat(64);
    },
  };
}

export function fakeSystemService(
  record: Recorder,
  streams: Array<Queue<unknown>>,
  eventQueues: Set<Queue<EventMessage>>,
  containerCount: () => number,
): SystemService {
  return {
    version: () => ({
      Platform: { Name: 'Wharf' },
      Components: [{ Name: 'Engine', Version: '0.1.0' }],
      Version: '0.1.0',
      ApiVersion: '1.47',
      MinAPIVersion: '1.24',
      GitCommit: 'fake',
      GoVersion: 'node',
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: '6.1',
      BuildTime: '2024-01-01T00:00:00Z',
    }),
    async info() {
      // A fake: only what `docker info` must not choke on.
      return { ID: 'fake', Containers: containerCount(), Name: 'fake', ServerVersion: '0.1.0' } as unknown as Awaited<ReturnType<SystemService['info']>>;
    },
    events(opts) {
      record('system.events', opts);
      if (opts.filters?.['bogus']) throw invalidArgument("invalid filter 'bogus'");
      const q = new Queue<EventMessage>();
      streams.push(q as Queue<unknown>);
      // With `until` the fake has nothing to replay: the stream just ends.
      if (opts.until !== undefined) q.end();
      eventQueues.add(q);
      opts.signal?.addEventListener('abort', () => eventQueues.delete(q));
      return q;
    },
    async df() {
      return { LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] };
    },
  };
}
