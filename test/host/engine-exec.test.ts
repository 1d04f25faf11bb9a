import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConflict, isNotFound } from '../../src/errdefs/index.js';
import { collect, withEngine } from '../../src/engine/testing/test-engine.js';
import { waitFor } from '../support/wait.js';

test('exec runs in the container with its env, user and workdir; exit codes and events', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create('box', { Image: 'busybox', Cmd: ['sleep', '100'], Env: ['FROM_CONTAINER=1'], WorkingDir: '/work' });
    await assert.rejects(engine.exec.create(Id, { Cmd: ['true'] }), (err: unknown) => isConflict(err) && (err as Error).message === `Container ${Id} is not running`);
    await engine.containers.start(Id);

    const { Id: execId } = await engine.exec.create('box', { Cmd: ['sh', '-c', 'echo $FROM_CONTAINER $EXTRA $(pwd) $(id -u); echo oops >&2; exit 7'], Env: ['EXTRA=2'], User: 'nobody', AttachStdout: true, AttachStderr: true });
    assert.deepEqual((await engine.containers.inspect(Id)).ExecIDs, [execId]);
    const session = await engine.exec.start(execId, { detach: false, tty: false });
    assert.ok(session);
    assert.deepEqual(await collect(session.output), { stdout: '1 2 /work 65534\n', stderr: 'oops\n' });
    const inspect = await engine.exec.inspect(execId);
    assert.equal(inspect.ExitCode, 7);
    assert.equal(inspect.Running, false);
    assert.deepEqual(inspect.ProcessConfig.arguments, ['-c', 'echo $FROM_CONTAINER $EXTRA $(pwd) $(id -u); echo oops >&2; exit 7']);

    const missing = await engine.exec.create(Id, { Cmd: ['nosuch'], AttachStdout: true, AttachStderr: true });
    const failed = await engine.exec.start(missing.Id, { detach: false, tty: false });
    assert.ok(failed);
    assert.match((await collect(failed.output)).stdout, /^OCI runtime exec failed: .*exec: "nosuch": executable file not found in \$PATH: unknown\r\n$/);
    assert.equal((await engine.exec.inspect(missing.Id)).ExitCode, 127);

    const detached = await engine.exec.create(Id, { Cmd: ['sh', '-c', 'echo hi > /tmp/detached'] });
    assert.equal(await engine.exec.start(detached.Id, { detach: true, tty: false }), undefined);
    await waitFor(
      async () => {
        const s = await engine.exec.inspect(detached.Id);
        return !s.Running && s.ExitCode !== null;
      },
      { what: 'the detached exec to finish', intervalMs: 20 },
    );
    assert.equal((await engine.exec.inspect(detached.Id)).ExitCode, 0);
    await assert.rejects(engine.exec.start(detached.Id, { detach: true, tty: false }), isConflict);

    const stdin = await engine.exec.create(Id, { Cmd: ['cat'], AttachStdin: true, AttachStdout: true });
    const cat = await engine.exec.start(stdin.Id, { detach: false, tty: false });
    assert.ok(cat?.stdin);
    cat.stdin.end('piped\n');
    assert.equal((await collect(cat.output)).stdout, 'piped\n');

    await engine.containers.pause(Id);
    await assert.rejects(engine.exec.create(Id, { Cmd: ['true'] }), (err: unknown) =>
      isConflict(err) && (err as Error).message === `Container ${Id} is paused, unpause the container before exec`);
    await engine.containers.unpause(Id);
    await assert.rejects(engine.exec.inspect('nope'), (err: unknown) => isNotFound(err) && (err as Error).message === 'No such exec instance: nope');
  }));
