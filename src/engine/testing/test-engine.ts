/**
 * Integration-test scaffolding: a real engine (conmon, runc, overlayfs, the
 * images module) under a fresh temp dir with a busybox image, and a teardown
 * that removes every container, process, mount and directory it made.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { tarTree } from '../../archive/pack.js';
import { LocalContentStore } from '../../content/store.js';
import { LocalImageStore } from '../../images/store.js';
import type { UsedBy } from '../../images/types.js';
import { hostFacts } from '../../runtime/host-facts.js';
import { ConmonRuntime } from '../../runtime/runtime.js';
import type { HostFacts, Runtime } from '../../runtime/types.js';
import { unmount } from '../../snapshots/mount.js';
import { OverlaySnapshotter } from '../../snapshots/overlay.js';
import type { Snapshotter } from '../../snapshots/types.js';
import { EventBus } from '../events/bus.js';
import { createEngine, imageEventHandler, type Engine } from '../index.js';
import type { OutputChunk } from '../types.js';

export interface TestEngine<R extends Runtime = ConmonRuntime> {
  root: string;
  engine: Engine;
  runtime: R;
  images: LocalImageStore;
  /** A second engine on the same roots: what a restarted daemon sees. */
  reopen(): Promise<TestEngine<R>>;
  /** Drop this engine without touching containers: what a daemon crash leaves. */
  abandon(): Promise<void>;
}

/** What differs between a real engine and one over fakes: the runtime and the snapshotter, and the image's root filesystem. */
export interface EngineParts<R extends Runtime> {
  runtime(execRoot: string): R;
  snapshots(root: string): Promise<Snapshotter>;
  hostFacts(): Promise<HostFacts>;
  /** The root filesystem of `busybox:latest`, as a tar. */
  busybox(dir: string): Promise<Readable>;
}

async function busyboxTar(dir: string): Promise<Readable> {
  const root = join(dir, 'busybox-rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'root']) await mkdir(join(root, d), { recursive: true });
  await copyFile('/bin/busybox', join(root, 'bin/busybox'));
  const applets = execFileSync('/bin/busybox', ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) await symlink('busybox', join(root, 'bin', a));
  await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return tarTree(root);
}

/** An engine over `parts` under `root`, seeded with busybox the first time. */
export async function openEngine<R extends Runtime>(root: string, parts: EngineParts<R>, seedImage = true): Promise<TestEngine<R>> {
  const events = new EventBus();
  const content = new LocalContentStore(join(root, 'data', 'content'));
  const snapshots = await parts.snapshots(join(root, 'data', 'snapshots'));
  let usedBy: UsedBy | undefined;
  const images = await LocalImageStore.open({
    root: join(root, 'data', 'images'),
    content,
    snapshots,
    usedBy: (id) => (usedBy ? usedBy(id) : Promise.resolve({ running: [], stopped: [] })),
    onEvent: imageEventHandler(events),
  });
  if (seedImage) {
    await images.importRootfs(await parts.busybox(root), { ref: 'busybox:latest', changes: ['CMD ["sh"]'] });
  }
  const execRoot = join(root, 'exec');
  const runtime = parts.runtime(execRoot);
  const engine = await createEngine({ dataRoot: join(root, 'data'), execRoot, runtime, images, snapshots, hostFacts: await parts.hostFacts(), events });
  usedBy = (id) => engine.imageUsers(id);
  return {
    root,
    engine,
    runtime,
    images,
    reopen: () => openEngine(root, parts, false),
    abandon: async () => {
      await engine.close();
      runtime.close();
    },
  };
}

const REAL: EngineParts<ConmonRuntime> = {
  runtime: (execRoot) => new ConmonRuntime({ execRoot }),
  snapshots: (root) => OverlaySnapshotter.open(root),
  hostFacts,
  busybox: busyboxTar,
};

export async function startTestEngine(): Promise<TestEngine> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  try {
    return await openEngine(root, REAL);
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

/** Remove every container, then anything a failed test left: conmon processes, runc state, mounts, the directory. */
export async function stopTestEngine(t: TestEngine): Promise<void> {
  const { engine, root } = t;
  for (const c of await engine.containers.list({ all: true }).catch(() => [])) {
    await engine.containers.remove(c.Id, { force: true, volumes: false, link: false }).catch(() => undefined);
  }
  await t.abandon();
  const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m && m[2]?.includes(root) && /conmon/.test(m[2])) {
      try {
        process.kill(Number(m[1]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const runcRoot = join(root, 'exec', 'runc');
  try {
    for (const id of execFileSync('runc', ['--root', runcRoot, 'list', '-q']).toString().split('\n').filter(Boolean)) {
      execFileSync('runc', ['--root', runcRoot, 'delete', '-f', id]);
    }
  } catch {
    // no runc state
  }
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const targets = info
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p && p.startsWith(root + '/'))
    .sort((a, b) => b.length - a.length);
  for (const target of targets) await unmount(target).catch(() => execFileSync('umount', ['-l', target]));
  await rm(root, { recursive: true, force: true });
}

/** Everything a session or log stream produced, per stream. */
export async function collect(output: AsyncIterable<OutputChunk>): Promise<{ stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for await (const chunk of output) (chunk.stream === 'stdout' ? out : err).push(chunk.data);
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** With a live engine, no matter how the test ends. */
export async function withEngine(fn: (t: TestEngine) => Promise<void>): Promise<void> {
  const t = await startTestEngine();
  try {
    await fn(t);
  } finally {
    await stopTestEngine(t);
  }
}
