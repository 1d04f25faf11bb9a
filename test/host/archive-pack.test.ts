import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { link, mkdir, readFile, stat, symlink, writeFile, chown, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyLayer } from '../../src/archive/extract.js';
import { tarTree } from '../../src/archive/pack.js';
import { NET_RAW_CAP, readTar } from '../../src/archive/testing/tar-fixtures.js';
import { withTempDir } from '../support/temp-dir.js';
import { getXattr, SECURITY_CAPABILITY, setXattr } from '../../src/archive/xattr.js';

async function fixture(dir: string): Promise<string> {
  const src = join(dir, 'src');
  await mkdir(join(src, 'sub'), { recursive: true });
  await writeFile(join(src, 'sub/file'), 'content');
  await link(join(src, 'sub/file'), join(src, 'sub/hard'));
  await symlink('/nowhere', join(src, 'dangling'));
  const longName = 'ü'.repeat(80);
  await writeFile(join(src, 'sub', longName), 'long');
  await setXattr(join(src, 'sub', longName), SECURITY_CAPABILITY, NET_RAW_CAP);
  await writeFile(join(src, 'big-id'), 'x');
  await chown(join(src, 'big-id'), 3_000_000, 3_000_001);
  return src;
}

test('tarTree without a name tars the children, sorted, hardlinks to the first path', () =>
  withTempDir(async (dir) => {
    const src = await fixture(dir);
    const entries = await readTar(tarTree(src));
    const names = entries.map((e) => e.header.name);
    assert.deepEqual(names, ['big-id', 'dangling', 'sub/', 'sub/file', 'sub/hard', `sub/${'ü'.repeat(80)}`]);
    const hard = entries.find((e) => e.header.name === 'sub/hard');
    assert.equal(hard?.header.type, 'link');
    assert.equal(hard?.header.linkname, 'sub/file');
    assert.equal(entries.find((e) => e.header.name === 'dangling')?.header.linkname, '/nowhere');
    assert.equal(entries.find((e) => e.header.name === 'sub/file')?.body.toString(), 'content');
  }));

test('tarTree with a name roots the entries there', () =>
  withTempDir(async (dir) => {
    const src = await fixture(dir);
    const file = await readTar(tarTree(join(src, 'sub/file'), { name: 'file' }));
    assert.deepEqual(file.map((e) => e.header.name), ['file']);
    const tree = await readTar(tarTree(join(src, 'sub'), { name: 'sub' }));
    assert.equal(tree[0].header.name, 'sub/');
    assert.ok(tree.slice(1).every((e) => e.header.name.startsWith('sub/')));
  }));

test('tarTree output round-trips through applyLayer and GNU tar with xattrs and large ids', () =>
  withTempDir(async (dir) => {
    const src = await fixture(dir);
    const capFile = join('sub', 'ü'.repeat(80));
    const want = await getXattr(join(src, capFile), SECURITY_CAPABILITY);
    assert.ok(want);

    const ours = join(dir, 'ours');
    await mkdir(ours);
    await applyLayer(tarTree(src), ours);
    assert.deepEqual(await getXattr(join(ours, capFile), SECURITY_CAPABILITY), want);
    const big = await stat(join(ours, 'big-id'));
    assert.deepEqual([big.uid, big.gid], [3_000_000, 3_000_001]);
    assert.equal((await stat(join(ours, 'sub/hard'))).ino, (await stat(join(ours, 'sub/file'))).ino);

    const gnu = join(dir, 'gnu');
    await mkdir(gnu);
    const chunks: Buffer[] = [];
    for await (const c of tarTree(src)) chunks.push(c as Buffer);
    const r = spawnSync('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-xpf', '-', '-C', gnu], { input: Buffer.concat(chunks) });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(await getXattr(join(gnu, capFile), SECURITY_CAPABILITY), want);
    assert.equal(await readFile(join(gnu, capFile), 'utf8'), 'long');
    assert.ok((await lstat(join(gnu, 'dangling'))).isSymbolicLink());
  }));

test('tarTree reports a missing source as a stream error', async () => {
  await assert.rejects(readTar(tarTree('/nonexistent/wharf-test-path')), /ENOENT/);
});
