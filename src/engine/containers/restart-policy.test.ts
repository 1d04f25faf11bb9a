import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RestartPolicy } from '../../apitypes/containers.js';
import { Container } from './container.js';
import { initialState, type ContainerRecord } from './record.js';
import { shouldRestart } from './restart-policy.js';

function container(policy: RestartPolicy, extra: Partial<ContainerRecord> = {}): Container {
  return new Container({ HostConfig: { RestartPolicy: policy }, State: initialState(), RestartCount: 0, HasBeenManuallyStopped: false, ...extra } as ContainerRecord);
}

test('back-off doubles from 100 ms, is capped at a minute and resets after a 10 s run', () => {
  const c = container({ Name: 'always' });
  const delays: number[] = [];
  for (let i = 0; i < 12; i++) {
    assert.equal(shouldRestart(c, 1, 50), true);
    delays.push(c.restartBackoffMs);
  }
  assert.deepEqual(delays.slice(0, 5), [100, 200, 400, 800, 1600]);
  assert.equal(delays.at(-1), 60_000);
  assert.equal(shouldRestart(c, 1, 10_000), true);
  assert.equal(c.restartBackoffMs, 100);
});

test('policies decide as Docker\'s restart manager does', () => {
  assert.equal(shouldRestart(container({ Name: 'no' }), 1, 0), false);
  assert.equal(shouldRestart(container({ Name: 'on-failure' }), 0, 0), false);
  assert.equal(shouldRestart(container({ Name: 'on-failure' }), 2, 0), true);
  assert.equal(shouldRestart(container({ Name: 'on-failure', MaximumRetryCount: 2 }, { RestartCount: 2 }), 1, 0), false);
  assert.equal(shouldRestart(container({ Name: 'unless-stopped' }, { HasBeenManuallyStopped: true }), 0, 0), false);
  // At daemon start a manually stopped `always` container comes back, an `unless-stopped` one does not.
  assert.equal(shouldRestart(container({ Name: 'always' }, { HasBeenManuallyStopped: true }), 0, 0, { atDaemonStart: true }), true);
  const stopped = container({ Name: 'always' });
  stopped.exitOnNext = true;
  assert.equal(shouldRestart(stopped, 137, 0), false);
});
