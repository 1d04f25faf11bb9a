import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../support/wait.js';

test('waitFor resolves with the first value that is not undefined, null or false', async () => {
  let calls = 0;
  assert.equal(await waitFor(() => (++calls < 3 ? undefined : 'ready'), { what: 'a value', intervalMs: 1 }), 'ready');
  assert.equal(calls, 3);
  assert.equal(await waitFor(async () => 0, { what: 'zero' }), 0, 'zero is a value, not "not yet"');
});

test('waitFor throws at the deadline, naming what it waited for', async () => {
  const started = Date.now();
  await assert.rejects(waitFor(() => false, { what: 'the impossible', timeoutMs: 50, intervalMs: 10 }), /timed out after 50 ms waiting for the impossible/);
  assert.ok(Date.now() - started < 5000);
});

test('a predicate that throws fails the wait at once', async () => {
  await assert.rejects(
    waitFor(() => {
      throw new Error('broken probe');
    }, { what: 'x' }),
    /broken probe/,
  );
});
