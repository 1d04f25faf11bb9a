import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventMessage } from '../../src/apitypes/system.js';
import { collect, startTestEngine, stopTestEngine, type TestEngine } from '../../src/engine/testing/test-engine.js';
import { waitFor } from '../support/wait.js';

test('a new daemon re-adopts running containers and records exits that happened while it was down', async () => {
  const first = await startTestEngine();
  let second: TestEngine | undefined;
  try {
    const survivor = await first.engine.containers.create('survivor', { Image: 'busybox', Cmd: ['sh', '-c', 'echo before; sleep 100'], HostConfig: { Init: true } });
    const victim = await first.engine.containers.create('victim', { Image: 'busybox', Cmd: ['sleep', '100'] });
    await first.engine.containers.start(survivor.Id);
    await first.engine.containers.start(victim.Id);
    await first.abandon();

    // While no daemon watches, the victim dies.
    await first.runtime.kill(victim.Id, 'SIGKILL');
    await waitFor(async () => (await first.runtime.state(victim.Id))?.status === 'stopped', { what: 'the victim to stop', intervalMs: 20 });

    second = await first.reopen();
    const { engine } = second;
    const events: EventMessage[] = [];
    for await (const ev of engine.system.events({ since: 0, until: Date.now() / 1000 })) events.push(ev);
    assert.deepEqual(events.map((e) => [e.Actor.Attributes['name'], e.Action, e.Actor.Attributes['exitCode']]), [['victim', 'die', '137']]);

    const v = await engine.containers.inspect('victim');
    assert.equal(v.State.Status, 'exited');
    assert.equal(v.State.ExitCode, 137);

    const s = await engine.containers.inspect('survivor');
    assert.equal(s.State.Status, 'running');
    const logs = await engine.containers.logs('survivor', { follow: false, stdout: true, stderr: true, since: 0, until: 0, timestamps: false, tail: 'all' });
    assert.equal((await collect(logs.output)).stdout, 'before\n');
    const top = await engine.containers.top('survivor');
    assert.ok(top.Processes.some((p) => p.join(' ').includes('sleep 100')));

    const { result } = await engine.containers.wait('survivor', 'next-exit');
    await engine.containers.stop('survivor', { timeout: 5 });
    assert.equal((await result).StatusCode, 143);
    assert.equal((await engine.containers.inspect('survivor')).State.Running, false);
    await engine.containers.start('victim');
    assert.equal((await engine.containers.inspect('victim')).State.Running, true);
  } finally {
    await stopTestEngine(second ?? first);
  }
});
