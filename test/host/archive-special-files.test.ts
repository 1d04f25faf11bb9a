/** Special files that only root may make: device nodes copied as nodes. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { mknodLike } from '../../src/archive/special-files.js';
import { withTempDir } from '../support/temp-dir.js';

test('mknodLike copies fifos and devices as nodes and declines anything else', () =>
  withTempDir(async (dir) => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    assert.equal(await mknodLike(join(dir, 'pipe2'), await lstat(join(dir, 'pipe'))), true);
    assert.ok((await lstat(join(dir, 'pipe2'))).isFIFO());
    assert.equal(await mknodLike(join(dir, 'zero'), await lstat('/dev/zero')), true);
    const zero = await lstat(join(dir, 'zero'));
    assert.ok(zero.isCharacterDevice());
    assert.equal(zero.rdev, (await lstat('/dev/zero')).rdev);
    assert.equal(await mknodLike(join(dir, 'file'), await lstat('/etc/hostname')), false);
  }));
