import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContainerRun, endRun, type RunEnd, type RunHold } from './run.js';

test('dispose releases every hold once, in stages, after stopping the health monitor, the exit watch and the stdio clients', async () => {
  const run = new ContainerRun('c1');
  const log: string[] = [];
  let healthStopped = false;
  run.health = { stop: () => (healthStopped = true) };
  let finished = 0;
  run.listeners.add({ connect: async () => undefined, drained: Promise.resolve(), finish: () => void finished++ });
  const hold = (what: RunHold): void =>
    run.hold(what, async (end) => {
      assert.ok(healthStopped && run.exitWatch.signal.aborted && finished === 1, `${what} released before the monitor, watch and stdio clients stopped`);
      log.push(`${what}:${end}`);
    });
  for (const what of ['bundle', 'network', 'volumes', 'rootfs', 'runtime'] as const) hold(what);
  run.hold('bundle', async () => assert.fail('a hold is registered once'));
  await Promise.all([run.dispose('exit'), run.dispose('failed')]);
  await run.dispose('failed');
  assert.deepEqual(log.slice(0, 2).sort(), ['rootfs:exit', 'runtime:exit']);
  assert.deepEqual(log.slice(2), ['volumes:exit', 'network:exit', 'bundle:exit']);
  assert.equal(finished, 1);
});

test('a failing release does not stop the others and is not thrown', async () => {
  const run = new ContainerRun('c2');
  const released: RunHold[] = [];
  run.hold('runtime', () => Promise.reject(new Error('runc delete failed')));
  run.hold('volumes', async () => void released.push('volumes'));
  run.hold('bundle', async () => void released.push('bundle'));
  await run.dispose('failed');
  assert.deepEqual(released, ['volumes', 'bundle']);
});

test('endRun ends the current run and leaves the owner without one', async () => {
  const run = new ContainerRun('c3');
  const ends: RunEnd[] = [];
  run.hold('network', async (end) => void ends.push(end));
  const owner: { run?: ContainerRun } = { run };
  await endRun(owner, 'failed');
  assert.equal(owner.run, undefined);
  assert.deepEqual(ends, ['failed']);
  await endRun(owner, 'exit');
  assert.deepEqual(ends, ['failed']);
});
