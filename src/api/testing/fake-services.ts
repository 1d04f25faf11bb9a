/**
 * An in-memory stand-in for the engine services, for testing the HTTP layer
 * alone (the engine has its own tests). Containers are toys: `cat` echoes
 * stdin until it ends, anything else prints its command line and exits
 * (`false` with 1). Calls are recorded for assertions.
 */
import { Readable, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type {
  ContainerCreateRequest,
  ContainerInspect,
  ContainerStats,
  ContainerSummary,
  ContainerWaitResponse,
  ExecInspect,
  PathStat,
} from '../../apitypes/containers.js';
import type { EventMessage } from '../../apitypes/system.js';
import type { ContainerService, ExecService, IOSession, OutputChunk } from '../../engine/index.js';
import { conflict, invalidArgument, notFound, notModified } from '../../errdefs/index.js';
import { newId } from '../../util/ids.js';
import type { ApiServices } from '../exchange.js';
import { fakeDistributionService } from './fake-distribution.js';
import { fakeImageService, fakeSystemService } from './fake-images-system.js';
import { Queue } from './fake-queue.js';

interface FakeContainer {
  id: string;
  name: string;
  config: ContainerCreateRequest;
  running: boolean;
  exitCode: number;
  sessions: Set<Queue<OutputChunk>>;
  /** What `cat` was sent before it started (a pipe holds it in a real engine), and whether stdin ended then. */
  pendingStdin: Buffer[];
  stdinEnded: boolean;
  exitWaiters: Array<(r: ContainerWaitResponse) => void>;
}

const DETACH = Buffer.from([0x10, 0x11]);

export interface FakeServices extends ApiServices {
  calls: Array<{ method: string; args: unknown[] }>;
  /** Queues handed out by logs/stats/events, to check that a departing client stopped them. */
  streams: Array<Queue<unknown>>;
  /** Bytes received by putArchive and import. */
  uploads: Buffer[];
  /** Attach and exec sessions handed out and not yet closed. */
  liveSessions(): number;
  /** Hold attached exec starts after they sent their head, as a slow process launch; call the result to let them go. */
  holdExecLaunch(): () => void;
  publish(ev: EventMessage): void;
}

// Long on purpose: one closure holding every fake service, so they share the fake containers and call log.
export function createFakeServices(): FakeServices {
  const containers = new Map<string, FakeContainer>();
  const calls: FakeServices['calls'] = [];
  const streams: Array<Queue<unknown>> = [];
  const uploads: Buffer[] = [];
  let live = 0;
  let execLaunchGate = Promise.resolve();
  const eventQueues = new Set<Queue<EventMessage>>();
  const record = (method: string, ...args: unknown[]): void => void calls.push({ method, args });

  const resolve = (ref: string): FakeContainer => {
    const key = ref.replace(/^\//, '');
    for (const c of containers.values()) if (c.name === key || (key.length > 0 && c.id.startsWith(key))) return c;
    throw notFound(`No such container: ${ref}`);
  };
  const emit = (c: FakeContainer, chunk: OutputChunk): void => c.sessions.forEach((q) => q.push(chunk));
  const exit = (c: FakeContainer, code: number): void => {
    c.running = false;
    c.exitCode = code;
    c.sessions.forEach((q) => q.end());
    c.exitWaiters.splice(0).forEach((w) => w({ StatusCode: code, Error: null }));
  };
  const cmd = (c: FakeContainer): string[] => (Array.isArray(c.config.Cmd) ? c.config.Cmd : []);

  /** A session on `c`: its output, and (when asked) a stdin that `cat` echoes and that recognises ctrl-p,ctrl-q. */
  function session(c: FakeContainer, tty: boolean, withStdin: boolean): IOSession {
    const output = new Queue<OutputChunk>();
    c.sessions.add(output);
    live++;
    let closed = false;
    let onDetach: () => void = () => undefined;
    const detached = new Promise<void>((r) => (onDetach = r));
    const isCat = cmd(c)[0] === 'cat';
    const stdin = withStdin
      ? new Writable({
          write(data: Buffer, _enc, cb) {
            if (data.includes(DETACH)) onDetach();
            else if (isCat && c.running) emit(c, { stream: 'stdout', data });
            else if (isCat) c.pendingStdin.push(data);
            cb();
          },
          final(cb) {
            if (isCat && c.running) exit(c, 0);
            else if (isCat) c.stdinEnded = true;
            cb();
          },
        })
      : undefined;
    const close = (): void => {
      if (!closed) live--;
      closed = true;
      c.sessions.delete(output);
      output.end();
    };
    return { tty, output, stdin, detached, close };
  }

  const inspectOf = (c: FakeContainer): ContainerInspect =>
    // A fake: only the fields clients of these tests read.
    ({
      Id: c.id,
      Name: '/' + c.name,
      State: { Status: c.running ? 'running' : 'exited', Running: c.running, ExitCode: c.exitCode },
      Config: c.config,
    }) as unknown as ContainerInspect;

  const containerService: ContainerService = {
    async create(name, body) {
      record('containers.create', name, body);
      if (!body.Image) throw invalidArgument('No image specified');
      if (body.Image === 'nosuch') throw notFound('No such image: nosuch:latest');
      const c: FakeContainer = { id: newId(), name: name ?? `fake_${containers.size}`, config: body, running: false, exitCode: 0, sessions: new Set(), pendingStdin: [], stdinEnded: false, exitWaiters: [] };
      if ([...containers.values()].some((o) => o.name === c.name)) throw conflict(`Conflict. The container name "/${c.name}" is already in use`);
      containers.set(c.id, c);
      return { Id: c.id, Warnings: [] };
    },
    async inspect(ref, opts) {
      record('containers.inspect', ref, opts);
      return inspectOf(resolve(ref));
    },
    async list(opts) {
      record('containers.list', opts);
      return [...containers.values()]
        .filter((c) => opts.all || c.running)
        .map(
          (c): ContainerSummary => ({
            Id: c.id,
            Names: ['/' + c.name],
            Image: c.config.Image ?? '',
            ImageID: 'sha256:' + '0'.repeat(64),
            Command: cmd(c).join(' '),
            Created: 1700000000,
            Ports: [],
            Labels: {},
            State: c.running ? 'running' : 'exited',
            Status: c.running ? 'Up 1 second' : `Exited (${c.exitCode}) 1 second ago`,
            HostConfig: { NetworkMode: 'none' },
            NetworkSettings: { Networks: {} },
            Mounts: [],
          }),
        );
    },
    async start(ref) {
      record('containers.start', ref);
      const c = resolve(ref);
      if (c.running) throw notModified('Container already started');
      c.running = true;
      const argv = cmd(c);
      if (argv[0] === 'cat') {
        setImmediate(() => {
          c.pendingStdin.splice(0).forEach((data) => emit(c, { stream: 'stdout', data }));
          if (c.stdinEnded) exit(c, 0);
        });
        return;
      }
      setImmediate(() => {
        emit(c, { stream: 'stdout', data: Buffer.from(argv.join(' ') + '\n') });
        exit(c, argv[0] === 'false' ? 1 : 0);
      });
    },
    async stop(ref, opts) {
      record('containers.stop', ref, opts);
      const c = resolve(ref);
      if (!c.running) throw notModified('Container not running');
      exit(c, 143);
    },
    async restart(ref, opts) {
      record('containers.restart', ref, opts);
      resolve(ref).running = true;
    },
    async kill(ref, signal) {
      record('containers.kill', ref, signal);
      const c = resolve(ref);
      if (!c.running) throw conflict(`Container ${c.id} is not running`);
      exit(c, 137);
    },
    async pause(ref) {
      record('containers.pause', ref);
      resolve(ref);
    },
    async unpause(ref) {
      record('containers.unpause', ref);
      resolve(ref);
    },
    async wait(ref, condition) {
      record('containers.wait', ref, condition);
      const c = resolve(ref);
      if (condition === 'not-running' && !c.running) return { result: Promise.resolve({ StatusCode: c.exitCode, Error: null }) };
      return { result: new Promise<ContainerWaitResponse>((r) => c.exitWaiters.push(r)) };
    },
    async attach(ref, opts) {
      record('containers.attach', ref, opts);
      const c = resolve(ref);
      return session(c, c.config.Tty === true, opts.stdin);
    },
    async logs(ref, opts) {
      record('containers.logs', ref, opts);
      const c = resolve(ref);
      const q = new Queue<OutputChunk>();
      streams.push(q as Queue<unknown>);
      q.push({ stream: 'stdout', data: Buffer.from('out line\n') });
      q.push({ stream: 'stderr', data: Buffer.from('err line\n') });
      if (!opts.follow) q.end();
      return { tty: c.config.Tty === true, output: q };
    },
    async top(ref, psArgs) {
      record('containers.top', ref, psArgs);
      resolve(ref);
      return { Titles: ['PID', 'CMD'], Processes: [['1', 'sh']] };
    },
    stats(ref, opts) {
      record('containers.stats', ref, opts);
      const q = new Queue<ContainerStats>();
      streams.push(q as Queue<unknown>);
      return {
        [Symbol.asyncIterator]: () => {
          const c = resolve(ref);
          // A fake: the sample only needs to be recognisable.
          const sample = { id: c.id, name: '/' + c.name } as unknown as ContainerStats;
          q.push(sample);
          if (opts.stream) q.push(sample);
          else q.end();
          return q[Symbol.asyncIterator]();
        },
      };
    },
    async changes(ref) {
      record('containers.changes', ref);
      resolve(ref);
      return [{ Path: '/tmp', Kind: 0 }];
    },
    async export(ref) {
      record('containers.export', ref);
      resolve(ref);
      return Readable.from([Buffer.from('exported-tar')]);
    },
    async statPath(ref, path) {
      record('containers.statPath', ref, path);
      const c = resolve(ref);
      if (path === '/missing') throw notFound(`Could not find the file ${path} in container ${c.name}`);
      return { name: path.split('/').pop() ?? '', size: 3, mode: 0o644, mtime: '2024-01-01T00:00:00Z', linkTarget: '' } satisfies PathStat;
    },
    async getArchive(ref, path) {
      const stat = await containerService.statPath(ref, path);
      return { stat, tar: Readable.from([Buffer.from('archive-tar')]) };
    },
    async putArchive(ref, path, tar, opts) {
      record('containers.putArchive', ref, path, opts);
      resolve(ref);
      uploads.push(await buffer(tar));
    },
    async resize(ref, height, width) {
      record('containers.resize', ref, height, width);
      resolve(ref);
    },
    async rename(ref, newName) {
      record('containers.rename', ref, newName);
      resolve(ref).name = newName;
    },
    async update(ref, body) {
      record('containers.update', ref, body);
      resolve(ref);
      return { Warnings: [] };
    },
    async remove(ref, opts) {
      record('containers.remove', ref, opts);
      const c = resolve(ref);
      if (c.running && !opts.force) throw conflict(`cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`);
      if (c.running) exit(c, 137);
      containers.delete(c.id);
    },
    async prune(filters) {
      record('containers.prune', filters);
      return { ContainersDeleted: null, SpaceReclaimed: 0 };
    },
    async commit(ref, opts) {
      record('containers.commit', ref, opts);
      resolve(ref);
      return { Id: 'sha256:' + 'c'.repeat(64) };
    },
  };

  const execs = new Map<string, { container: FakeContainer; tty: boolean }>();
  const execService: ExecService = {
    async create(ref, body) {
      record('exec.create', ref, body);
      const id = newId();
      execs.set(id, { container: resolve(ref), tty: body.Tty === true });
      return { Id: id };
    },
    async start(id, opts, beforeLaunch) {
      record('exec.start', id, opts);
      const e = execs.get(id);
      if (!e) throw notFound(`No such exec instance: ${id}`);
      if (opts.detach) return undefined;
      beforeLaunch?.(opts.tty);
      await execLaunchGate;
      // An exec session behaves as `cat` whatever the container runs.
      const fake: FakeContainer = { ...e.container, config: { Cmd: ['cat'] }, running: true, sessions: new Set(), pendingStdin: [], stdinEnded: false, exitWaiters: [] };
      return session(fake, opts.tty, true);
    },
    async resize(id, height, width) {
      record('exec.resize', id, height, width);
      if (!execs.has(id)) throw notFound(`No such exec instance: ${id}`);
    },
    async inspect(id) {
      record('exec.inspect', id);
      const e = execs.get(id);
      if (!e) throw notFound(`No such exec instance: ${id}`);
      // A fake: only the fields the tests read.
      return { ID: id, ContainerID: e.container.id, Running: false, ExitCode: 0 } as unknown as ExecInspect;
    },
  };

  const imageService = fakeImageService(record, uploads);
  const systemService = fakeSystemService(record, streams, eventQueues, () => containers.size);

  return {
    containers: containerService,
    exec: execService,
    images: imageService,
    system: systemService,
    distribution: fakeDistributionService(record),
    calls,
    streams,
    uploads,
    liveSessions: () => live,
    holdExecLaunch: () => {
      let release!: () => void;
      execLaunchGate = new Promise((r) => (release = r));
      return release;
    },
    publish: (ev) => eventQueues.forEach((q) => q.push(ev)),
  };
}
