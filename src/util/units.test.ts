import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesSize, formatG, fromHumanSize, humanDuration, humanSize, ramInBytes, timeAgo } from './units.js';

test("Go's %g with a precision", () => {
  assert.equal(formatG(4.261, 3), '4.26');
  assert.equal(formatG(4, 3), '4');
  assert.equal(formatG(100, 3), '100');
  assert.equal(formatG(999.5, 3), '1e+03');
  assert.equal(formatG(0.5, 3), '0.5');
  assert.equal(formatG(123456, 4), '1.235e+05');
});

test('human sizes as docker prints them', () => {
  assert.equal(humanSize(4261000, 3), '4.26MB');
  assert.equal(humanSize(0, 3), '0B');
  assert.equal(humanSize(999, 3), '999B');
  assert.equal(humanSize(1000, 3), '1kB');
  assert.equal(humanSize(2048, 3), '2.05kB');
  assert.equal(humanSize(1_500_000_000), '1.5GB');
  assert.equal(bytesSize(1536), '1.5KiB');
  assert.equal(bytesSize(8 * 1024 ** 3), '8GiB');
  assert.equal(bytesSize(0), '0B');
});

test('human durations', () => {
  const s = 1000;
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1 * s), '1 second');
  assert.equal(humanDuration(45 * s), '45 seconds');
  assert.equal(humanDuration(60 * s), 'About a minute');
  assert.equal(humanDuration(2 * 60 * s), '2 minutes');
  assert.equal(humanDuration(59 * 60 * s), '59 minutes');
  assert.equal(humanDuration(3600 * s), 'About an hour');
  assert.equal(humanDuration(5 * 3600 * s), '5 hours');
  assert.equal(humanDuration(3 * 86400 * s), '3 days');
  assert.equal(humanDuration(20 * 86400 * s), '2 weeks');
  assert.equal(humanDuration(90 * 86400 * s), '3 months');
  assert.equal(humanDuration(800 * 86400 * s), '2 years');
  assert.equal(timeAgo(1000, 1000_000 + 120_000), '2 minutes ago');
});

test('size arguments', () => {
  assert.equal(ramInBytes('512m'), 512 * 1024 * 1024);
  assert.equal(ramInBytes('1g'), 1024 ** 3);
  assert.equal(ramInBytes('64MiB'), 64 * 1024 * 1024);
  assert.equal(ramInBytes('100'), 100);
  assert.throws(() => ramInBytes('lots'), /invalid size: 'lots'/);
  assert.equal(fromHumanSize('10k'), 10_000);
  assert.equal(fromHumanSize('20m'), 20_000_000);
  assert.throws(() => fromHumanSize('-1'), /invalid size: '-1'/);
});
