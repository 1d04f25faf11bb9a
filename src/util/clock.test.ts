import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nowNs, rfc3339Nano } from './clock.js';

test('rfc3339Nano prints as Go does, trailing zeros trimmed', () => {
  assert.equal(rfc3339Nano(1_700_000_000_123_456_789n), '2023-11-14T22:13:20.123456789Z');
  assert.equal(rfc3339Nano(1_700_000_000_120_000_000n), '2023-11-14T22:13:20.12Z');
  assert.equal(rfc3339Nano(1_700_000_000_000_000_000n), '2023-11-14T22:13:20Z');
});

test('nowNs follows the wall clock, within a millisecond, and does not go back', () => {
  const a = nowNs();
  const b = nowNs();
  assert.ok(b >= a);
  const wall = BigInt(Date.now()) * 1_000_000n;
  assert.ok(b <= wall + 1_000_000n && b >= wall - 2_000_000n);
});
