import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { test } from 'node:test';
import { isInvalidArgument } from '../../src/errdefs/index.js';
import { sha256 } from '../../src/util/digest.js';
import { applyLayer, extractArchive } from '../../src/archive/extract.js';
import { NET_RAW_CAP, tarOf } from '../../src/archive/testing/tar-fixtures.js';
import { withTempDir } from '../support/temp-dir.js';
import { getXattr, OVERLAY_OPAQUE, SECURITY_CAPABILITY, setXattr } from '../../src/archive/xattr.js';

const T = new Date('2021-06-07T08:09:10Z');

test('applyLayer keeps modes, owners, times, links and devices, and reports the diff ID', () =>
  withTempDir(async (dir) => {
    const entries = [
      { name: 'bin/', type: 'directory' as const, mode: 0o750, uid: 5, gid: 6, mtime: T },
      { name: 'bin/tool', body: 'x'.repeat(3000), mode: 0o4755, uid: 1000, gid: 1001, mtime: T },
      { name: 'bin/locked', body: 'secret', mode: 0o000 },
      { name: 'bin/hard', type: 'link' as const, linkname: 'bin/tool' },
      { name: 'bin/sym', type: 'symlink' as const, linkname: 'tool', mtime: T },
      { name: 'dev/null', type: 'character-device' as const, devmajor: 1, devminor: 3, mode: 0o666 },
      { name: 'run/fifo', type: 'fifo' as const, mode: 0o600 },
      { name: 'deep/implicit/parent/file', body: 'p' },
    ];
    const raw = await streamToBuffer(tarOf(entries));
    const res = await applyLayer(tarOfBuffer(raw), dir);
    assert.equal(res.diffId, sha256(raw));
    assert.equal(res.size, raw.length);

    const bin = await stat(join(dir, 'bin'));
    assert.equal(bin.mode & 0o7777, 0o750);
    assert.deepEqual([bin.uid, bin.gid], [5, 6]);
    assert.equal(bin.mtime.getTime(), T.getTime(), 'directory mtime restored after its children were written');
    const tool = await stat(join(dir, 'bin/tool'));
    assert.equal(tool.mode & 0o7777, 0o4755, 'setuid survives the chown');
    assert.deepEqual([tool.uid, tool.gid], [1000, 1001]);
    assert.equal(tool.nlink, 2);
    assert.equal((await stat(join(dir, 'bin/hard'))).ino, tool.ino);
    assert.equal((await stat(join(dir, 'bin/locked'))).mode & 0o7777, 0);
    assert.equal(await readlink(join(dir, 'bin/sym')), 'tool');
    assert.equal((await lstat(join(dir, 'bin/sym'))).mtime.getTime(), T.getTime());
    const nul = await lstat(join(dir, 'dev/null'));
    assert.ok(nul.isCharacterDevice());
    assert.equal(nul.rdev, 0x103);
    assert.ok((await lstat(join(dir, 'run/fifo'))).isFIFO());
    assert.equal(await readFile(join(dir, 'deep/implicit/parent/file'), 'utf8'), 'p');
  }));

test('applyLayer detects gzip', () =>
  withTempDir(async (dir) => {
    const raw = await streamToBuffer(tarOf([{ name: 'a', body: 'gz' }]));
    const gz = await streamToBuffer(tarOfBuffer(raw).pipe(createGzip()));
    const res = await applyLayer(tarOfBuffer(gz), dir);
    assert.equal(res.diffId, sha256(raw), 'diff ID is of the uncompressed tar');
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'gz');
  }));

test('applyLayer turns OCI whiteouts into overlay whiteouts', () =>
  withTempDir(async (dir) => {
    await applyLayer(
      tarOf([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/.wh.gone', body: '' },
        { name: 'opaque/', type: 'directory' },
        { name: 'opaque/.wh..wh..opq', body: '' },
        { name: 'opaque/kept', body: 'k' },
        { name: '.wh..wh.plnk/', type: 'directory' },
      ]),
      dir,
    );
    const wh = await lstat(join(dir, 'etc/gone'));
    assert.ok(wh.isCharacterDevice() && wh.rdev === 0, 'whiteout is a 0:0 char device');
    assert.equal((await getXattr(join(dir, 'opaque'), OVERLAY_OPAQUE))?.toString(), 'y');
    assert.equal(existsSync(join(dir, 'opaque/.wh..wh..opq')), false);
    assert.equal(existsSync(join(dir, '.wh..wh.plnk')), false);
  }));

test('applyLayer refuses whiteouts of the directory itself or its parent, leaving both alone', () =>
  withTempDir(async (outer) => {
    const dir = join(outer, 'layer');
    for (const name of ['.wh...', '.wh..', '.wh.', 'sub/.wh...', 'sub/.wh..']) {
      await mkdir(dir);
      await writeFile(join(outer, 'neighbour'), 'n');
      await assert.rejects(applyLayer(tarOf([{ name: 'sub/', type: 'directory' }, { name: 'sub/f', body: 'f' }, { name, body: '' }]), dir), (err) => {
        assert.ok(isInvalidArgument(err), name);
        assert.match((err as Error).message, /invalid whiteout name/);
        return true;
      });
      assert.ok((await lstat(dir)).isDirectory(), `${name}: the layer directory is still there`);
      assert.equal(await readFile(join(outer, 'neighbour'), 'utf8'), 'n', `${name}: its parent is untouched`);
      assert.equal(await readFile(join(dir, 'sub/f'), 'utf8'), 'f', `${name}: entries before it are untouched`);
      execFileSync('rm', ['-rf', dir]);
    }
  }));

test('applyLayer restores binary xattrs written by GNU tar', () =>
  withTempDir(async (dir) => {
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(join(src, 'ping'), 'elf');
    await setXattr(join(src, 'ping'), SECURITY_CAPABILITY, NET_RAW_CAP);
    const want = await getXattr(join(src, 'ping'), SECURITY_CAPABILITY);
    assert.ok(want && want.some((b) => b >= 0x80 || b === 0), 'capability value is binary');
    const tarball = execFileSync('tar', ['--xattrs', '--xattrs-include=*', '-C', src, '-cf', '-', 'ping']);
    const out = join(dir, 'out');
    await mkdir(out);
    await applyLayer(tarOfBuffer(tarball), out);
    assert.deepEqual(await getXattr(join(out, 'ping'), SECURITY_CAPABILITY), want);
  }));

test('hostile tars never write outside the target', () =>
  withTempDir(async (dir) => {
    const root = join(dir, 'root');
    await mkdir(root);
    const outside = join(dir, 'outside');
    await writeFile(outside, 'original');
    const marker = `wharf-escape-${process.pid}-${Date.now()}`;

    await assert.rejects(applyLayer(tarOf([{ name: '../../etc/passwd', body: 'pwned' }]), root), isInvalidArgument);
    await assert.rejects(applyLayer(tarOf([{ name: 'a/../../outside', body: 'pwned' }]), root), isInvalidArgument);

    await applyLayer(tarOf([{ name: `/tmp/${marker}`, body: 'abs' }]), root);
    assert.equal(await readFile(join(root, 'tmp', marker), 'utf8'), 'abs', 'absolute names land inside root');
    assert.equal(existsSync(`/tmp/${marker}`), false);

    await applyLayer(
      tarOf([
        { name: 'x', type: 'symlink', linkname: '/' },
        { name: `x/tmp/${marker}-2`, body: 'through symlink' },
      ]),
      root,
    );
    assert.equal(existsSync(`/tmp/${marker}-2`), false, 'symlink to / followed inside root only');
    assert.equal(await readFile(join(root, 'tmp', `${marker}-2`), 'utf8'), 'through symlink');

    await assert.rejects(applyLayer(tarOf([{ name: 'h', type: 'link', linkname: '../../outside' }]), root), isInvalidArgument);
    await assert.rejects(applyLayer(tarOf([{ name: 'up', type: 'symlink', linkname: '../../..' }]), root), isInvalidArgument);
    const before = (await stat('/etc/passwd')).nlink;
    await assert.rejects(applyLayer(tarOf([{ name: 'y', type: 'link', linkname: 'x/etc/passwd' }]), root));
    await assert.rejects(
      applyLayer(
        tarOf([
          { name: 'hostetc', type: 'symlink', linkname: '/etc' },
          { name: 'z', type: 'link', linkname: 'hostetc/passwd' },
        ]),
        root,
      ),
    );
    assert.equal((await stat('/etc/passwd')).nlink, before, 'no hardlink to the host file');
    await applyLayer(
      tarOf([
        { name: 'etcdir', type: 'symlink', linkname: '/etc' },
        { name: `etcdir/${marker}-3`, body: 'via final symlink' },
      ]),
      root,
    );
    assert.equal(existsSync(`/etc/${marker}-3`), false);
    assert.equal(await readFile(join(root, 'etc', `${marker}-3`), 'utf8'), 'via final symlink');

    // A file replaced by a symlink must not be written through.
    await applyLayer(
      tarOf([
        { name: 'f', type: 'symlink', linkname: outside },
        { name: 'f', body: 'replaced' },
      ]),
      root,
    );
    assert.equal(await readFile(outside, 'utf8'), 'original');
    assert.equal(await readFile(join(root, 'f'), 'utf8'), 'replaced');
  }));

test('extractArchive confines to root, honours noOverwriteDirNonDir and owner', () =>
  withTempDir(async (root) => {
    await mkdir(join(root, 'dest/sub'), { recursive: true });
    await assert.rejects(
      extractArchive(tarOf([{ name: 'sub', body: 'file over dir' }]), root, join(root, 'dest'), { noOverwriteDirNonDir: true }),
      /cannot overwrite directory/,
    );
    await extractArchive(tarOf([{ name: 'sub/.wh.x', body: 'kept', uid: 77, gid: 78 }]), root, join(root, 'dest'), { owner: { uid: 0, gid: 0 } });
    const st = await stat(join(root, 'dest/sub/.wh.x'));
    assert.deepEqual([st.uid, st.gid], [0, 0], 'owner override; whiteout names are plain files here');
    await assert.rejects(extractArchive(tarOf([{ name: 'a', body: '' }]), root, '/etc'), isInvalidArgument);
  }));

async function streamToBuffer(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function tarOfBuffer(b: Buffer): Readable {
  return Readable.from([b]);
}
