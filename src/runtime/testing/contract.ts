/**
 * The runtime contract: lifecycle scenarios every Runtime must pass, run on the
 * fake (src/runtime/contract-fake.test.ts, no root) and on runc + conmon
 * (test/host/runtime-contract.test.ts, root). The engine's tests over the fake
 * are only worth what this keeps true: same states, exit codes, signal rules
 * and error kinds as the real runtime.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isConflict } from '../../errdefs/index.js';
import { isStartFailure } from '../errors.js';
import type { Runtime } from '../types.js';
import { Cleanup, makeTempDir, newTestId, testSpec } from './fixtures.js';

/** What a lane provides: a runtime over some state, and another over the same state (a restarted daemon). */
export interface RuntimeLane {
  /** Called once with a fresh directory; returns the rootfs the specs point at. */
  setUp(dir: string, cleanup: Cleanup): Promise<string>;
  open(dir: string): Runtime;
}

interface Harness {
  rt: Runtime;
  /** create (and by default start) `args`, under tini with `init`; force-deleted at the end. */
  run(args: string[], opts?: { start?: boolean; init?: boolean }): Promise<{ id: string; pid: number }>;
  /** The id of the last container `run` tried to create. */
  lastId(): string;
  /** Close this runtime and open another over the same state. */
  reopen(): Runtime;
}

const SIGKILL = 9;
const SIGTERM = 15;
/** Docker's `--init` (the engine's default init path). */
const TINI = '/usr/bin/tini-static';

interface Scenario {
  name: string;
  run(h: Harness): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    name: 'create leaves a created process, start runs it, a forced delete forgets it',
    async run({ rt, run }) {
      const { id, pid } = await run(['sleep', '100'], { start: false });
      assert.ok(pid > 0);
      assert.deepEqual(await rt.state(id).then((s) => [s?.status, s?.pid]), ['created', pid]);
      await rt.start(id);
      assert.deepEqual(await rt.state(id).then((s) => [s?.status, s?.pid]), ['running', pid]);
      await rt.delete(id, { force: true });
      assert.equal(await rt.state(id), undefined);
    },
  },
  {
    name: 'delete without force refuses a running container and removes a created one',
    async run({ rt, run }) {
      const running = await run(['sleep', '100']);
      await assert.rejects(rt.delete(running.id), isConflict);
      assert.equal((await rt.state(running.id))?.status, 'running');
      const created = await run(['sleep', '100'], { start: false });
      await rt.delete(created.id);
      assert.equal(await rt.state(created.id), undefined);
    },
  },
  {
    name: 'the exit code reaches waitExit, before and after the fact; the container is then stopped',
    async run({ rt, run }) {
      const { id } = await run(['sh', '-c', 'exit 3']);
      assert.equal((await rt.waitExit(id)).exitCode, 3);
      assert.deepEqual(await rt.state(id).then((s) => [s?.status, s?.pid]), ['stopped', 0]);
      const again = await rt.waitExit(id);
      assert.deepEqual([again.exitCode, again.oomKilled], [3, false]);
    },
  },
  {
    name: 'SIGKILL ends a process with 137',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100']);
      const exited = rt.waitExit(id);
      await rt.kill(id, SIGKILL);
      assert.equal((await exited).exitCode, 137);
    },
  },
  {
    name: 'pid 1 without --init ignores SIGTERM; SIGKILL still ends it',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100']);
      const exited = rt.waitExit(id);
      await rt.kill(id, 'SIGTERM');
      // The test itself: a moment in which the signal would have ended the process.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await rt.state(id))?.status, 'running');
      await rt.kill(id, SIGKILL);
      assert.equal((await exited).exitCode, 137);
    },
  },
  {
    name: 'under --init SIGTERM reaches the command and ends it with 143',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100'], { init: true });
      const exited = rt.waitExit(id);
      await rt.kill(id, SIGTERM);
      assert.equal((await exited).exitCode, 143);
    },
  },
  {
    name: 'pause freezes and resume thaws; doing either twice is a conflict',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100']);
      await rt.pause(id);
      assert.equal((await rt.state(id))?.status, 'paused');
      await assert.rejects(rt.pause(id), isConflict);
      await rt.resume(id);
      assert.equal((await rt.state(id))?.status, 'running');
      await assert.rejects(rt.resume(id), isConflict);
    },
  },
  {
    name: 'SIGKILL to a paused container ends it once thawed, as the engine kills one',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100']);
      await rt.pause(id);
      const exited = rt.waitExit(id);
      await rt.kill(id, SIGKILL);
      await rt.resume(id).catch(() => undefined);
      assert.equal((await exited).exitCode, 137);
    },
  },
  {
    name: 'a signal to an exited container is a conflict; delete and state of an unknown one are not errors',
    async run({ rt, run }) {
      const { id } = await run(['true']);
      assert.equal((await rt.waitExit(id)).exitCode, 0);
      await assert.rejects(rt.kill(id, SIGTERM), isConflict);
      const unknown = newTestId();
      await rt.delete(unknown, { force: true });
      assert.equal(await rt.state(unknown), undefined);
    },
  },
  {
    name: 'a missing executable fails create with executable-not-found (exit code 127) and leaves nothing',
    async run({ rt, run, lastId }) {
      await assert.rejects(run(['nosuchcmd'], { start: false }), (err: unknown) => isStartFailure(err) && err.reason === 'executable-not-found' && err.exitCode === 127);
      assert.equal(await rt.state(lastId()), undefined);
    },
  },
  {
    name: 'waitExit stops waiting when its signal aborts',
    async run({ rt, run }) {
      const { id } = await run(['sleep', '100']);
      const abort = new AbortController();
      const waiting = rt.waitExit(id, { signal: abort.signal });
      abort.abort();
      await assert.rejects(waiting);
      assert.equal((await rt.state(id))?.status, 'running');
    },
  },
  {
    name: 'a new runtime over the same state sees a live container and its exit',
    async run({ run, reopen }) {
      const { id, pid } = await run(['sleep', '100']);
      const rt2 = reopen();
      assert.deepEqual(await rt2.state(id).then((s) => [s?.status, s?.pid]), ['running', pid]);
      const exited = rt2.waitExit(id);
      await rt2.kill(id, SIGKILL);
      assert.equal((await exited).exitCode, 137);
    },
  },
];

/** Registers every scenario as a test of `lane`. */
export function runtimeContract(lane: RuntimeLane): void {
  let dir: string;
  let rootfs: string;
  const cleanup = new Cleanup();
  before(async () => {
    dir = await makeTempDir();
    cleanup.dir(dir);
    rootfs = await lane.setUp(dir, cleanup);
  });
  after(() => cleanup.run());

  for (const s of scenarios) {
    test(s.name, async () => {
      const runtimes: Runtime[] = [lane.open(dir)];
      const current = (): Runtime => runtimes[runtimes.length - 1] as Runtime;
      const ids: string[] = [];
      const harness: Harness = {
        rt: current(),
        async run(args, opts = {}) {
          const id = newTestId();
          const bundleDir = join(dir, 'bundles', id);
          await mkdir(bundleDir, { recursive: true });
          const spec = await testSpec(id, rootfs, args, opts.init ? { initPath: TINI } : {});
          ids.push(id);
          const { pid } = await current().create(id, { bundleDir, spec, tty: false, openStdin: false, stdinOnce: false, logPath: join(bundleDir, 'ctr.log') });
          if (opts.start ?? true) await current().start(id);
          return { id, pid };
        },
        lastId: () => ids[ids.length - 1] ?? '',
        reopen() {
          current().close();
          runtimes.push(lane.open(dir));
          return current();
        },
      };
      try {
        await s.run(harness);
      } finally {
        for (const id of ids) await current().delete(id, { force: true }).catch(() => undefined);
        current().close();
      }
    });
  }
}
