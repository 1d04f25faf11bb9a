/**
 * The engine's lifecycle decisions over the fake runtime (no root): restart
 * policies, auto-remove, races with a start or a pending restart, stop
 * escalation, and what a restarted daemon does with what it finds. Driven only
 * through the engine's services, as the API drives them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RestartPolicy } from '../../apitypes/containers.js';
import { isConflict, isNotFound } from '../../errdefs/index.js';
import type { Engine } from '../index.js';
import { withFakeEngine } from '../testing/fake-engine.js';
import { waitFor } from '../../../test/support/wait.js';
import { actions, recordEvents } from '../testing/container-events.js';

async function stateOf(engine: Engine, id: string): Promise<{ Status: string; ExitCode: number; Pid: number; Restarting: boolean; RestartCount: number }> {
  const i = await engine.containers.inspect(id);
  return { ...i.State, RestartCount: i.RestartCount };
}

test('on-failure:2 restarts twice with a growing back-off, then stays exited', () =>
  withFakeEngine(async ({ engine }) => {
    const rec = recordEvents(engine);
    const { Id } = await engine.containers.create(undefined, {
      Image: 'busybox',
      Cmd: ['sh', '-c', 'exit 3'],
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } },
    });
    await engine.containers.start(Id);
    const s = await waitFor(async () => {
      const st = await stateOf(engine, Id);
      return st.Status === 'exited' && st.RestartCount === 2 && st;
    }, { what: 'two restarts, then exited' });
    assert.equal(s.ExitCode, 3);
    // Events reach subscribers after the state is saved.
    await waitFor(() => actions(rec.events, Id).length === 7, { what: 'the last die event' });
    rec.stop();
    assert.deepEqual(actions(rec.events, Id), ['create', 'start', 'die', 'start', 'die', 'start', 'die']);
    // Docker's restart manager: 100 ms before the first restart, doubling.
    const starts = rec.events.filter((e) => e.Actor.ID === Id && e.Action === 'start').map((e) => e.timeNano / 1e6);
    assert.ok((starts[1] as number) - (starts[0] as number) >= 100, 'first back-off at least 100 ms');
    assert.ok((starts[2] as number) - (starts[1] as number) >= 200, 'second back-off at least 200 ms');
  }));

test('always restarts clean exits until the user stops it; the stop cancels the pending restart', () =>
  withFakeEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['true'], HostConfig: { RestartPolicy: { Name: 'always' } } });
    await engine.containers.start(Id);
    await waitFor(async () => (await stateOf(engine, Id)).RestartCount >= 2, { what: 'two restarts' });
    await waitFor(async () => (await stateOf(engine, Id)).Restarting, { what: 'a pending restart', intervalMs: 5 });
    await engine.containers.stop(Id, { timeout: 1 });
    const stopped = await stateOf(engine, Id);
    assert.equal(stopped.Status, 'exited');
    // The test itself: longer than the pending back-off, and nothing restarts.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await stateOf(engine, Id), stopped);
  }));

test('a restarted daemon brings back always, and unless-stopped only when the user did not stop it', () =>
  withFakeEngine(async (t) => {
    const run = async (name: string, policy: RestartPolicy['Name']): Promise<string> => {
      // --init: tini forwards SIGTERM, so a stop ends the process without waiting for SIGKILL.
      const { Id } = await t.engine.containers.create(name, { Image: 'busybox', Cmd: ['sleep', '100'], HostConfig: { Init: true, RestartPolicy: { Name: policy } } });
      await t.engine.containers.start(Id);
      return Id;
    };
    const always = await run('always', 'always');
    const stoppedByUser = await run('stopped', 'unless-stopped');
    const crashed = await run('crashed', 'unless-stopped');
    await t.engine.containers.stop(always, { timeout: 5 });
    await t.engine.containers.stop(stoppedByUser, { timeout: 5 });
    assert.equal((await stateOf(t.engine, always)).ExitCode, 143);
    await t.abandon();
    // While the daemon is down, one process dies by itself.
    t.runtime.host.exit(crashed, 2);
    const t2 = await t.reopen();
    assert.equal((await stateOf(t2.engine, always)).Status, 'running');
    assert.equal((await stateOf(t2.engine, stoppedByUser)).Status, 'exited');
    const c = await waitFor(async () => {
      const st = await stateOf(t2.engine, crashed);
      return st.Status === 'running' && st;
    }, { what: 'the crashed unless-stopped container restarted' });
    assert.equal(c.RestartCount, 1);
  }));

test('auto-remove: the exit removes the container and wakes removed waiters with its code', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    const rec = recordEvents(engine);
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'exit 4'], HostConfig: { AutoRemove: true } });
    const { result } = await engine.containers.wait(Id, 'removed');
    await engine.containers.start(Id);
    assert.deepEqual(await result, { StatusCode: 4, Error: null });
    await assert.rejects(engine.containers.inspect(Id), isNotFound);
    assert.equal(runtime.host.containers.has(Id), false, 'the runtime container is deleted');
    await waitFor(() => actions(rec.events, Id).includes('destroy'), { what: 'the destroy event' });
    rec.stop();
    assert.deepEqual(actions(rec.events, Id), ['create', 'start', 'die', 'destroy']);
  }));

test('kill while starting is refused as not running; the start completes and a kill then ends it', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sleep', '100'] });
    const hold = runtime.host.holdCreates();
    const started = engine.containers.start(Id);
    assert.equal(await hold.entered, Id);
    await assert.rejects(engine.containers.kill(Id), (err: unknown) => isConflict(err) && (err as Error).message === `Container ${Id} is not running`);
    hold.release();
    await started;
    assert.equal((await stateOf(engine, Id)).Status, 'running');
    await engine.containers.kill(Id);
    const s = await stateOf(engine, Id);
    assert.deepEqual([s.Status, s.ExitCode], ['exited', 137]);
  }));

test('a forced remove during a slow start waits for it, then leaves no runtime container', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sleep', '100'] });
    const hold = runtime.host.holdCreates();
    const started = engine.containers.start(Id);
    await hold.entered;
    const removed = engine.containers.remove(Id, { force: true, volumes: false, link: false });
    hold.release();
    await started;
    await removed;
    await assert.rejects(engine.containers.inspect(Id), isNotFound);
    assert.equal(runtime.host.containers.has(Id), false);
  }));

test('remove while restarting: refused without force, forced it cancels the restart', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'exit 1'], HostConfig: { RestartPolicy: { Name: 'always' } } });
    await engine.containers.start(Id);
    await waitFor(async () => (await stateOf(engine, Id)).Restarting, { what: 'a pending restart', intervalMs: 5 });
    await assert.rejects(engine.containers.remove(Id, { force: false, volumes: false, link: false }), (err: unknown) =>
      isConflict(err) && /You cannot remove a restarting container/.test((err as Error).message));
    await engine.containers.remove(Id, { force: true, volumes: false, link: false });
    await assert.rejects(engine.containers.inspect(Id), isNotFound);
    // The test itself: past the pending back-off, nothing was started again.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(runtime.host.containers.has(Id), false);
  }));

test('stop of a process that ignores SIGTERM sends SIGKILL after the timeout', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    // sleep as pid 1 (no --init) has no SIGTERM handler, so the kernel drops the signal.
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sleep', '100'] });
    await engine.containers.start(Id);
    const { host } = runtime;
    const process = host.containers.get(Id);
    const t0 = Date.now();
    await engine.containers.stop(Id, { timeout: 1 });
    assert.ok(Date.now() - t0 >= 1000, 'the stop waited for the timeout');
    assert.deepEqual(process?.signals, [15, 9]);
    assert.equal((await stateOf(engine, Id)).ExitCode, 137);
  }));

test('a failed create records Docker\'s exit code and error; a missing command is 127', () =>
  withFakeEngine(async ({ engine, runtime }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sleep', '100'] });
    runtime.host.failNextCreate('permission-denied');
    await assert.rejects(engine.containers.start(Id));
    assert.deepEqual(await stateOf(engine, Id).then((s) => [s.Status, s.ExitCode]), ['created', 126]);
    const missing = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['nosuchcmd'] });
    await assert.rejects(engine.containers.start(missing.Id), /executable file not found/);
    assert.equal((await stateOf(engine, missing.Id)).ExitCode, 127);
    // Nothing of the failed runs stays in the runtime.
    assert.equal(runtime.host.containers.size, 0);
  }));

test('a restarted daemon re-adopts live containers and handles their exit; exits while down are recorded', () =>
  withFakeEngine(async (t) => {
    const create = async (cmd: string[], policy: RestartPolicy['Name'] = 'no'): Promise<string> => {
      const { Id } = await t.engine.containers.create(undefined, { Image: 'busybox', Cmd: cmd, HostConfig: { RestartPolicy: { Name: policy } } });
      await t.engine.containers.start(Id);
      return Id;
    };
    const live = await create(['sleep', '100']);
    const gone = await create(['sleep', '100']);
    const restarts = await create(['sleep', '100'], 'on-failure');
    const pid = (await stateOf(t.engine, live)).Pid;
    await t.abandon();
    const { host } = t.runtime;
    host.exit(gone, 5);
    host.exit(restarts, 3);
    const t2 = await t.reopen();
    const rec = recordEvents(t2.engine);
    assert.deepEqual(await stateOf(t2.engine, live).then((s) => [s.Status, s.Pid]), ['running', pid]);
    assert.deepEqual(await stateOf(t2.engine, gone).then((s) => [s.Status, s.ExitCode]), ['exited', 5]);
    await waitFor(async () => (await stateOf(t2.engine, restarts)).Status === 'running', { what: 'on-failure applied after the restart' });
    assert.equal((await stateOf(t2.engine, restarts)).RestartCount, 1);
    // The re-adopted container's exit reaches the new daemon.
    host.exit(live, 7);
    await waitFor(async () => (await stateOf(t2.engine, live)).Status === 'exited', { what: 'the re-adopted container to exit' });
    assert.equal((await stateOf(t2.engine, live)).ExitCode, 7);
    await waitFor(() => actions(rec.events, live).length > 0, { what: 'the die event' });
    rec.stop();
    assert.deepEqual(actions(rec.events, live), ['die']);
  }));
