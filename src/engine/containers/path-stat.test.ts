import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerPath, goFileMode } from './path-stat.js';

test('st_mode becomes a Go os.FileMode', () => {
  assert.equal(goFileMode(0o040755), 2 ** 31 + 0o755);
  assert.equal(goFileMode(0o120777), 2 ** 27 + 0o777);
  assert.equal(goFileMode(0o100644), 0o644);
  assert.equal(goFileMode(0o104755), 2 ** 23 + 0o755);
  assert.equal(goFileMode(0o041777), 2 ** 31 + 2 ** 20 + 0o777);
  assert.equal(goFileMode(0o020666), 2 ** 26 + 2 ** 21 + 0o666);
  assert.equal(containerPath('a/../b/.'), '/b/.');
  assert.equal(containerPath('/x/'), '/x/');
  assert.equal(containerPath('/'), '/');
});
