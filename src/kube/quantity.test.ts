import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryBytes, nanoCpus } from './quantity.js';

test('memory quantities in bytes', () => {
  assert.equal(memoryBytes('64Mi'), 64 * 1024 * 1024);
  assert.equal(memoryBytes('1G'), 1e9);
  assert.equal(memoryBytes('1048576'), 1048576);
  assert.equal(memoryBytes('1.5Ki'), 1536);
  assert.equal(memoryBytes('12 apples'), undefined);
  assert.equal(memoryBytes('5Q'), undefined);
});

test('cpu quantities as NanoCpus', () => {
  assert.equal(nanoCpus('500m'), 5e8);
  assert.equal(nanoCpus('2'), 2e9);
  assert.equal(nanoCpus('0.25'), 2.5e8);
});
