import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConflict, isInvalidArgument, isKind, isNotFound } from '../../src/errdefs/index.js';
import { collect, withEngine } from '../../src/engine/testing/test-engine.js';
import { waitFor } from '../support/wait.js';
import { actions, recordEvents } from '../../src/engine/testing/container-events.js';

test('create, attach before start, start, wait, logs, inspect', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create('hello', { Image: 'busybox', Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    const session = await engine.containers.attach('hello', { stream: true, logs: false, stdin: false, stdout: true, stderr: true });
    const { result } = await engine.containers.wait(Id, 'next-exit');
    const output = collect(session.output);
    await engine.containers.start(Id);
    assert.deepEqual(await result, { StatusCode: 3, Error: null });
    assert.deepEqual(await output, { stdout: 'out\n', stderr: 'err\n' });
    const logs = await engine.containers.logs(Id, { follow: false, stdout: true, stderr: true, since: 0, until: 0, timestamps: false, tail: 'all' });
    assert.deepEqual(await collect(logs.output), { stdout: 'out\n', stderr: 'err\n' });
    const stamped = await engine.containers.logs(Id, { follow: false, stdout: true, stderr: false, since: 0, until: 0, timestamps: true, tail: 2 });
    assert.match((await collect(stamped.output)).stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z out\n$/);
    const inspect = await engine.containers.inspect(Id);
    assert.equal(inspect.State.Status, 'exited');
    assert.equal(inspect.State.ExitCode, 3);
    assert.equal(inspect.Name, '/hello');
    assert.equal(inspect.Config.Hostname, Id.slice(0, 12));
    assert.deepEqual(inspect.Args, ['-c', 'echo out; echo err >&2; exit 3']);
    const [row] = await engine.containers.list({ all: true });
    assert.match(row?.Status ?? '', /^Exited \(3\) (Less than a second|\d+ seconds?) ago$/);
    assert.equal(row?.Command, "sh -c 'echo out; echo err >&2; exit 3'");
    await assert.rejects(engine.containers.create('hello', { Image: 'busybox' }), (err: unknown) =>
      isConflict(err) && (err as Error).message === `Conflict. The container name "/hello" is already in use by container "${Id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }));

test('a command that cannot run: 400 with Docker text, exit code 127 in state', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['nosuchcmd'] });
    await assert.rejects(engine.containers.start(Id), (err: unknown) => isInvalidArgument(err) && /executable file not found in \$PATH/.test((err as Error).message));
    const inspect = await engine.containers.inspect(Id);
    assert.equal(inspect.State.ExitCode, 127);
    assert.match(inspect.State.Error, /executable file not found/);
    assert.match(inspect.Name, /^\/[a-z]+_[a-z]+\d?$/);
    // `docker run --rm` waits for the removal even when the start fails.
    const rm = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['nosuchcmd'], HostConfig: { AutoRemove: true } });
    const { result } = await engine.containers.wait(rm.Id, 'removed');
    await assert.rejects(engine.containers.start(rm.Id), isInvalidArgument);
    assert.deepEqual(await result, { StatusCode: 127, Error: null });
    await assert.rejects(engine.containers.inspect(rm.Id), isNotFound);
    await assert.rejects(engine.containers.create(undefined, { Image: 'nosuchimage' }), (err: unknown) => isNotFound(err) && (err as Error).message === 'No such image: nosuchimage');
  }));

test('auto-remove: die then destroy, removed waiters wake', () =>
  withEngine(async ({ engine }) => {
    const rec = recordEvents(engine);
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['true'], HostConfig: { AutoRemove: true } });
    const { result } = await engine.containers.wait(Id, 'removed');
    await engine.containers.start(Id);
    assert.equal((await result).StatusCode, 0);
    await assert.rejects(engine.containers.inspect(Id), isNotFound);
    rec.stop();
    assert.deepEqual(actions(rec.events, Id), ['create', 'start', 'die', 'destroy']);
    assert.equal(rec.events.find((e) => e.Action === 'die')?.Actor.Attributes['exitCode'], '0');
  }));

test('stop, kill, pause, unpause, restart, remove with Docker rules and events', () =>
  withEngine(async ({ engine }) => {
    const rec = recordEvents(engine);
    // --init: tini forwards SIGTERM to sleep, which as pid 1 would ignore it.
    const { Id } = await engine.containers.create('sleeper', { Image: 'busybox', Cmd: ['sleep', '100'], HostConfig: { Init: true } });
    await assert.rejects(engine.containers.kill(Id), (err: unknown) => isConflict(err) && (err as Error).message === `Container ${Id} is not running`);
    await engine.containers.start(Id);
    await assert.rejects(engine.containers.start(Id), (err: unknown) => isKind(err, 'not-modified'));
    await assert.rejects(engine.containers.remove(Id, { force: false, volumes: false, link: false }), (err: unknown) =>
      isConflict(err) && (err as Error).message === `You cannot remove a running container ${Id}. Stop the container before attempting removal or force remove`);

    await engine.containers.pause(Id);
    assert.equal((await engine.containers.inspect(Id)).State.Status, 'paused');
    assert.match((await engine.containers.list({}))[0]?.Status ?? '', /^Up .* \(Paused\)$/);
    await assert.rejects(engine.containers.pause(Id), (err: unknown) => isConflict(err) && /is already paused/.test((err as Error).message));
    await engine.containers.unpause(Id);
    await assert.rejects(engine.containers.unpause(Id), (err: unknown) => isConflict(err) && /is not paused/.test((err as Error).message));

    await engine.containers.stop(Id, { timeout: 5 });
    let inspect = await engine.containers.inspect(Id);
    assert.equal(inspect.State.Status, 'exited');
    assert.equal(inspect.State.ExitCode, 143);
    await assert.rejects(engine.containers.stop(Id), (err: unknown) => isKind(err, 'not-modified'));

    await engine.containers.restart(Id, { timeout: 1 });
    assert.equal((await engine.containers.inspect(Id)).State.Running, true);
    await engine.containers.kill(Id, 'SIGKILL');
    inspect = await engine.containers.inspect(Id);
    assert.equal(inspect.State.ExitCode, 137);
    assert.equal(inspect.State.Running, false);

    await engine.containers.start(Id);
    await engine.containers.remove(Id, { force: true, volumes: false, link: false });
    await assert.rejects(engine.containers.inspect(Id), (err: unknown) => isNotFound(err) && (err as Error).message === `No such container: ${Id}`);
    rec.stop();
    assert.deepEqual(actions(rec.events, Id), [
      'create', 'start', 'pause', 'unpause', 'kill', 'die', 'stop', 'start', 'restart', 'kill', 'die', 'start', 'kill', 'die', 'destroy',
    ]);
    assert.equal(rec.events.find((e) => e.Action === 'kill')?.Actor.Attributes['signal'], '15');
  }));

test('stop escalates to SIGKILL after the timeout', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'trap "" TERM; while true; do sleep 1; done'] });
    await engine.containers.start(Id);
    await engine.containers.stop(Id, { timeout: 1 });
    assert.equal((await engine.containers.inspect(Id)).State.ExitCode, 137);
  }));

test('stdin through attach, detach keys close only the session', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['cat'], OpenStdin: true });
    await engine.containers.start(Id);
    const session = await engine.containers.attach(Id, { stream: true, logs: false, stdin: true, stdout: true, stderr: true, detachKeys: 'ctrl-a' });
    const chunks: string[] = [];
    const reader = (async () => {
      for await (const c of session.output) chunks.push(c.data.toString());
    })();
    session.stdin?.write('hello\n');
    await waitFor(() => chunks.join('').includes('hello\n'), { what: 'the echo of stdin', intervalMs: 10 });
    session.stdin?.write(Buffer.from([1]));
    await session.detached;
    await reader;
    assert.equal(chunks.join(''), 'hello\n');
    assert.equal((await engine.containers.inspect(Id)).State.Running, true);
    await assert.rejects(engine.containers.attach(Id, { stream: true, logs: false, stdin: true, stdout: true, stderr: true, detachKeys: 'ctrl-zz' }), (err: unknown) =>
      isInvalidArgument(err) && (err as Error).message === 'Invalid detach keys (ctrl-zz) provided');
  }));

test('tty containers stream raw output on stdout', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'echo tty; echo err >&2'], Tty: true });
    const session = await engine.containers.attach(Id, { stream: true, logs: false, stdin: false, stdout: true, stderr: true });
    const output = collect(session.output);
    await engine.containers.start(Id);
    const { stdout, stderr } = await output;
    assert.equal(stderr, '');
    assert.equal(stdout, 'tty\r\nerr\r\n');
  }));

test('restart policy on-failure restarts up to its count', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['false'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
    await engine.containers.start(Id);
    await waitFor(
      async () => {
        const s = await engine.containers.inspect(Id);
        return !s.State.Running && s.RestartCount === 2;
      },
      { what: 'the second restart to exit', intervalMs: 50 },
    );
    const s = await engine.containers.inspect(Id);
    assert.equal(s.State.Status, 'exited');
    assert.equal(s.State.ExitCode, 1);
    await assert.rejects(
      engine.containers.create(undefined, { Image: 'busybox', HostConfig: { RestartPolicy: { Name: 'sometimes' as never } } }),
      (err: unknown) => isInvalidArgument(err) && /unknown policy 'sometimes'/.test((err as Error).message),
    );
  }));

test('logs follow until the container stops; since filters older lines', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'echo one; read x; echo two'], OpenStdin: true, StdinOnce: true });
    await engine.containers.start(Id);
    const followed = await engine.containers.logs(Id, { follow: true, stdout: true, stderr: true, since: 0, until: 0, timestamps: false, tail: 'all' });
    const lines: string[] = [];
    const done = (async () => {
      for await (const c of followed.output) lines.push(c.data.toString());
    })();
    await waitFor(() => lines.includes('one\n'), { what: 'the first line', intervalMs: 10 });
    const session = await engine.containers.attach(Id, { stream: true, logs: false, stdin: true, stdout: false, stderr: false });
    session.stdin?.end('go\n');
    await done;
    assert.deepEqual(lines, ['one\n', 'two\n']);
    const later = await engine.containers.logs(Id, { follow: false, stdout: true, stderr: true, since: Date.now() / 1000 + 60, until: 0, timestamps: false, tail: 'all' });
    assert.deepEqual(await collect(later.output), { stdout: '', stderr: '' });
  }));
