import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTimestamp, goTimeString, parseGoDuration, rfc3339, rfc3339NanoFixed } from './timefmt.js';

process.env.TZ = 'UTC';

test('Go durations', () => {
  assert.equal(parseGoDuration('10m'), 600_000);
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('1.5s'), 1500);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('10'), undefined);
  assert.equal(parseGoDuration('soon'), undefined);
});

test('--since/--until values', () => {
  const now = Date.UTC(2024, 0, 2, 12, 0, 0);
  assert.equal(getTimestamp('10m', now), String(now / 1000 - 600));
  assert.equal(getTimestamp('2024-01-02T10:00:00Z', now), `${Date.UTC(2024, 0, 2, 10) / 1000}.000000000`);
  assert.equal(getTimestamp('2024-01-02T10:00:00.5+01:00', now), `${Date.UTC(2024, 0, 2, 9) / 1000}.500000000`);
  assert.equal(getTimestamp('2024-01-02', now), `${Date.UTC(2024, 0, 2) / 1000}.000000000`);
  assert.equal(getTimestamp('1704196800', now), '1704196800');
  assert.equal(getTimestamp('1704196800.123', now), '1704196800.123');
  assert.throws(() => getTimestamp('yesterday', now), /failed to parse value as time or duration: "yesterday"/);
});

test("Go's time formats", () => {
  assert.equal(goTimeString(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02 03:04:05 +0000 UTC');
  assert.equal(rfc3339NanoFixed(1704164645_000000123n), '2024-01-02T03:04:05.000000123Z');
  assert.equal(rfc3339(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02T03:04:05Z');
});
