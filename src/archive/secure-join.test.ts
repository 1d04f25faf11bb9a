import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { secureJoin } from './secure-join.js';
import { withTempDir } from '../../test/support/temp-dir.js';

test('secureJoin keeps every resolution inside root', () =>
  withTempDir(async (root) => {
    await mkdir(join(root, 'etc'));
    await mkdir(join(root, 'usr/lib'), { recursive: true });
    await symlink('/', join(root, 'rootlink'));
    await symlink('../../../../..', join(root, 'usr/up'));
    await symlink('/usr/lib', join(root, 'lib'));
    await symlink('loop2', join(root, 'loop1'));
    await symlink('loop1', join(root, 'loop2'));

    assert.equal(await secureJoin(root, '/etc/passwd'), join(root, 'etc/passwd'));
    assert.equal(await secureJoin(root, '../../../etc/passwd'), join(root, 'etc/passwd'));
    assert.equal(await secureJoin(root, 'rootlink/etc'), join(root, 'etc'));
    assert.equal(await secureJoin(root, 'usr/up/etc'), join(root, 'etc'));
    assert.equal(await secureJoin(root, 'lib/x.so'), join(root, 'usr/lib/x.so'));
    assert.equal(await secureJoin(root, 'lib'), join(root, 'usr/lib'), 'the last component is followed');
    assert.equal(await secureJoin(root, 'missing/../etc'), join(root, 'etc'));
    assert.equal(await secureJoin(root, '/'), root);
    await assert.rejects(secureJoin(root, 'loop1/x'), /too many levels/);
  }));
