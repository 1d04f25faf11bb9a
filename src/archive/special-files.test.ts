import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { errnoCode } from '../errdefs/index.js';
import { deviceNumbers, openRegularFile } from './special-files.js';
import { withTempDir } from '../../test/support/temp-dir.js';

test('deviceNumbers splits dev_t as glibc does, minors above 255 included', async () => {
  assert.deepEqual(deviceNumbers((await lstat('/dev/zero')).rdev), { major: 1, minor: 5 });
  // makedev(259, 300): minor's low byte, major, then minor's high bits above bit 20.
  assert.deepEqual(deviceNumbers((300 & 0xff) | (259 << 8) | ((300 & ~0xff) << 12)), { major: 259, minor: 300 });
});

test('openRegularFile opens regular files only, without waiting on a fifo or following a symlink', () =>
  withTempDir(async (dir) => {
    await writeFile(join(dir, 'file'), 'x');
    const fh = await openRegularFile(join(dir, 'file'));
    assert.equal((await fh?.readFile())?.toString(), 'x');
    await fh?.close();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    assert.equal(await openRegularFile(join(dir, 'pipe')), undefined, 'a fifo with no writer is refused at once');
    assert.equal(await openRegularFile('/dev/zero'), undefined);
    await symlink('file', join(dir, 'link'));
    await assert.rejects(openRegularFile(join(dir, 'link')), (err) => errnoCode(err) === 'ELOOP');
  }));
