/**
 * An engine that needs no root: the real engine, image store and container
 * records over the fake runtime (src/runtime/testing) and a snapshotter that
 * mounts nothing, without networks or volumes. For lifecycle tests of the
 * engine's own decisions: restart policy, auto-remove, races, re-adoption.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { tarOf } from '../../archive/testing/tar-fixtures.js';
import { FakeHost, FakeRuntime } from '../../runtime/testing/fake-runtime.js';
import type { HostFacts } from '../../runtime/types.js';
import { UnmountedSnapshotter } from '../../snapshots/testing/unmounted-snapshotter.js';
import { openEngine, type EngineParts, type TestEngine } from './test-engine.js';

export type FakeEngine = TestEngine<FakeRuntime>;

/** Enough of a host for spec generation; nothing reads the real one. */
const FAKE_HOST_FACTS: HostFacts = { boundingCaps: ['CAP_CHOWN', 'CAP_KILL', 'CAP_SETUID', 'CAP_SETGID'], hardRlimits: {}, kernelRelease: '6.1.0', swapLimit: false };

function fakeParts(host: FakeHost): EngineParts<FakeRuntime> {
  return {
    runtime: () => new FakeRuntime(host),
    snapshots: (root) => UnmountedSnapshotter.open(root),
    hostFacts: async () => FAKE_HOST_FACTS,
    // Owned by root in the tar; extraction as another user keeps them the user's.
    busybox: async () => tarOf([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/passwd', body: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' },
      { name: 'etc/group', body: 'root:x:0:\nnogroup:x:65534:\n' },
    ]),
  };
}

/** With an engine over a fresh FakeHost, removed however the test ends (with every engine the test reopened). */
export async function withFakeEngine(fn: (t: FakeEngine) => Promise<void>): Promise<void> {
  const root = await mkdtemp(`${tmpdir()}/wharf-fake-`);
  const host = new FakeHost();
  const opened: FakeEngine[] = [];
  const track = (t: FakeEngine): FakeEngine => {
    opened.push(t);
    const reopen = t.reopen;
    t.reopen = async () => track(await reopen());
    return t;
  };
  try {
    await fn(track(await openEngine(root, fakeParts(host))));
  } finally {
    for (const t of opened) await t.abandon().catch(() => undefined);
    host.stopAll();
    await rm(root, { recursive: true, force: true });
  }
}
