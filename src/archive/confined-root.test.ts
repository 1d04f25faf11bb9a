import assert from 'node:assert/strict';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { errnoCode } from '../errdefs/index.js';
import { ConfinedRoot, type LocateOptions } from './confined-root.js';
import { withTempDir } from '../../test/support/temp-dir.js';

/** Resolved path and final name of `path`, the location closed again. */
async function where(root: ConfinedRoot, path: string, opts: LocateOptions = {}): Promise<{ path: string; name: string }> {
  const at = await root.locate(path, opts);
  await at.close();
  return { path: at.path, name: at.name };
}

async function withRoot(fn: (root: ConfinedRoot, dir: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const inner = join(dir, 'root');
    await mkdir(join(inner, 'etc'), { recursive: true });
    await mkdir(join(inner, 'usr/lib'), { recursive: true });
    await writeFile(join(dir, 'outside'), 'host');
    await writeFile(join(inner, 'etc/passwd'), 'inside');
    const root = await ConfinedRoot.open(inner);
    try {
      await fn(root, inner);
    } finally {
      await root.close();
    }
  });
}

test('.. stops at the root, absolute and relative links resolve inside it', () =>
  withRoot(async (root, dir) => {
    await symlink('/', join(dir, 'rootlink'));
    await symlink('../../../../..', join(dir, 'usr/up'));
    await symlink('/usr/lib', join(dir, 'lib'));
    await symlink('../outside', join(dir, 'escape'));
    assert.deepEqual(await where(root, '../../../etc/passwd'), { path: 'etc/passwd', name: 'passwd' });
    assert.deepEqual(await where(root, 'rootlink/etc', { followFinal: true }), { path: 'etc', name: '' });
    assert.deepEqual(await where(root, 'usr/up/etc/passwd'), { path: 'etc/passwd', name: 'passwd' });
    assert.deepEqual(await where(root, 'lib', { followFinal: true }), { path: 'usr/lib', name: '' });
    assert.deepEqual(await where(root, 'lib'), { path: 'lib', name: 'lib' }, 'a final link is not followed unless asked');
    assert.deepEqual(await where(root, 'escape', { followFinal: true }), { path: 'outside', name: 'outside' }, 'the host file next to root is never reached');
    assert.equal(await root.readFile('escape'), undefined);
    assert.equal((await root.readFile('rootlink/../etc/passwd'))?.toString(), 'inside');
    assert.deepEqual(await where(root, '/'), { path: '', name: '' });
  }));

test('dangling links name the missing target; missing directories are ENOENT unless created', () =>
  withRoot(async (root, dir) => {
    await symlink('/nowhere/file', join(dir, 'dangling'));
    await symlink('/gone', join(dir, 'dangling-top'));
    await assert.rejects(root.locate('dangling', { followFinal: true }), (err) => errnoCode(err) === 'ENOENT');
    assert.deepEqual(await where(root, 'dangling-top', { followFinal: true }), { path: 'gone', name: 'gone' });
    assert.deepEqual(await where(root, 'dangling-top/a/b', { followFinal: true, create: true }), { path: 'gone/a/b', name: '' });
    await assert.rejects(root.locate('etc/passwd/x', { followFinal: true }), (err) => errnoCode(err) === 'ENOTDIR');
  }));

test('symlink loops end with ELOOP', () =>
  withRoot(async (root, dir) => {
    await symlink('loop2', join(dir, 'loop1'));
    await symlink('loop1', join(dir, 'loop2'));
    await symlink('self/x', join(dir, 'self'));
    await assert.rejects(root.locate('loop1/x'), (err) => errnoCode(err) === 'ELOOP');
    await assert.rejects(root.locate('loop1', { followFinal: true }), (err) => errnoCode(err) === 'ELOOP');
    await assert.rejects(root.locate('self', { followFinal: true }), (err) => errnoCode(err) === 'ELOOP');
  }));

test('thousands of resolutions leave no fd open', () =>
  withRoot(async (root, dir) => {
    await symlink('/usr/lib', join(dir, 'lib'));
    const before = (await readdir('/proc/self/fd')).length;
    for (let i = 0; i < 2000; i++) {
      await where(root, 'lib/../../etc/passwd', { followFinal: true });
      await root.locate('missing/x').catch(() => undefined);
    }
    assert.equal((await readdir('/proc/self/fd')).length, before);
  }));
