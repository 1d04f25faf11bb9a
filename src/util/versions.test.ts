import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, versionAtLeast } from './versions.js';

test('versions compare numerically per component', () => {
  assert.equal(compareVersions('1.9', '1.10'), -1);
  assert.equal(compareVersions('1.47', '1.47'), 0);
  assert.equal(compareVersions('1.47.0', '1.47'), 0);
  assert.equal(compareVersions('2', '1.99'), 1);
  assert.ok(versionAtLeast('1.42', '1.42'));
  assert.ok(!versionAtLeast('1.41', '1.42'));
});

test('a non-numeric component counts as 0, as moby has it', () => {
  assert.equal(compareVersions('1.x', '1.0'), 0);
  assert.equal(compareVersions('1.x', '1.1'), -1);
});
