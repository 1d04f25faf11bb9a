import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedLock, Mutex } from './lock.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('tasks on one key run one at a time, in call order', async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const task = (name: string) => async (): Promise<string> => {
    log.push(`${name} start`);
    await tick();
    log.push(`${name} end`);
    return name;
  };
  assert.deepEqual(await Promise.all([lock.run('k', task('a')), lock.run('k', task('b'))]), ['a', 'b']);
  assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end']);
});

test('other keys do not wait', async () => {
  const lock = new KeyedLock();
  let release!: () => void;
  const held = lock.run('a', () => new Promise<void>((r) => (release = r)));
  assert.equal(await lock.run('b', async () => 'free'), 'free');
  release();
  await held;
});

test("a failed task rejects its own caller only; the next task still runs", async () => {
  const lock = new KeyedLock();
  const failed = lock.run('k', async () => {
    throw new Error('boom');
  });
  const after = lock.run('k', async () => 'ran');
  await assert.rejects(failed, /boom/);
  assert.equal(await after, 'ran');
});

test('Mutex serialises every task', async () => {
  const m = new Mutex();
  let running = 0;
  let most = 0;
  await Promise.all(
    [1, 2, 3].map(() =>
      m.run(async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
      }),
    ),
  );
  assert.equal(most, 1);
});
