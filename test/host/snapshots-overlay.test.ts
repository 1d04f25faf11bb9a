import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyLayer, changes, layerDiff } from '../../src/archive/index.js';
import { tarOf } from '../../src/archive/testing/tar-fixtures.js';
import { isConflict, isNotFound } from '../../src/errdefs/index.js';
import { compactOverlayOptions, mountAll, unmount } from '../../src/snapshots/mount.js';
import { OverlaySnapshotter } from '../../src/snapshots/overlay.js';

/** Temp dir plus every mount made under it, undone even when the test fails. */
async function withScratch(fn: (dir: string, mount: (s: OverlaySnapshotter, key: string, name: string) => Promise<string>) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  const mounted: string[] = [];
  try {
    await fn(dir, async (s, key, name) => {
      const target = join(dir, 'mnt', name);
      await mkdir(target, { recursive: true });
      await mountAll(await s.mounts(key), target);
      mounted.push(target);
      return target;
    });
  } finally {
    for (const t of mounted.reverse()) await unmount(t);
    await rm(dir, { recursive: true, force: true });
  }
}

async function unpack(s: OverlaySnapshotter, name: string, parent: string | undefined, tar: ReturnType<typeof tarOf>): Promise<void> {
  const key = `extract-${name}`;
  await s.prepare(key, parent);
  await applyLayer(tar, (await s.dirs(key)).upper as string);
  await s.commit(name, key);
}

async function tree(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    const st = await lstat(join(dir, p));
    const content = st.isFile() ? ` ${await readFile(join(dir, p), 'utf8')}` : '';
    out.push(`${p} ${(st.mode & 0o170777).toString(8)}${content}`);
    if (st.isDirectory()) out.push(...(await tree(dir, p)));
  }
  return out;
}

test('layers with whiteouts, a container layer, its changes and diff, committed and re-unpacked', () =>
  withScratch(async (dir, mount) => {
    const s = await OverlaySnapshotter.open(join(dir, 'snapshots'));
    await unpack(
      s,
      'L1',
      undefined,
      tarOf([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/a', body: 'a1' },
        { name: 'etc/b', body: 'b1' },
        { name: 'var/', type: 'directory' },
        { name: 'var/cache/', type: 'directory' },
        { name: 'var/cache/x', body: 'x1' },
        { name: 'data/', type: 'directory' },
        { name: 'data/old', body: 'old' },
      ]),
    );
    await unpack(
      s,
      'L2',
      'L1',
      tarOf([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/.wh.b', body: '' },
        { name: 'etc/a', body: 'a2' },
        { name: 'data/', type: 'directory' },
        { name: 'data/.wh..wh..opq', body: '' },
        { name: 'data/new', body: 'new' },
      ]),
    );

    await s.prepare('ctr', 'L2');
    const root = await mount(s, 'ctr', 'ctr');
    assert.equal(await readFile(join(root, 'etc/a'), 'utf8'), 'a2');
    assert.equal(existsSync(join(root, 'etc/b')), false, 'whiteout hides the lower file');
    assert.deepEqual(await readdir(join(root, 'data')), ['new'], 'opaque dir hides the lower contents');
    assert.equal(await readFile(join(root, 'var/cache/x'), 'utf8'), 'x1');

    await writeFile(join(root, 'etc/c'), 'c');
    await writeFile(join(root, 'var/cache/x'), 'x2');
    await rm(join(root, 'etc/a'));
    await rm(join(root, 'data'), { recursive: true });
    await mkdir(join(root, 'data'));
    await writeFile(join(root, 'data/fresh'), 'f');
    const expectedTree = await tree(root);

    const dirs = await s.dirs('ctr');
    assert.deepEqual(await changes(dirs.upper as string, dirs.lowers), [
      { Path: '/data', Kind: 2 },
      { Path: '/data/fresh', Kind: 1 },
      { Path: '/etc', Kind: 0 },
      { Path: '/etc/a', Kind: 2 },
      { Path: '/etc/c', Kind: 1 },
      // Copy-up keeps the lower directories' times, so, as in Docker, /var and /var/cache are unchanged.
      { Path: '/var/cache/x', Kind: 0 },
    ]);
    assert.ok((await s.usage('ctr')).size >= 'c'.length + 'x2'.length + 'f'.length);

    await unpack(s, 'L3', 'L2', layerDiff(dirs.upper as string));
    await s.view('check', 'L3');
    const check = await mount(s, 'check', 'check');
    assert.deepEqual(await tree(check), expectedTree, 'the committed diff reproduces the container filesystem');

    await assert.rejects(s.remove('L1'), isConflict);
    await assert.rejects(s.prepare('ctr', 'L2'), isConflict);
    await assert.rejects(s.prepare('other', 'nope'), isNotFound);
    assert.equal((await s.stat('L3')).parent, 'L2');
    assert.deepEqual((await s.list()).map((i) => i.key).sort(), ['L1', 'L2', 'L3', 'check', 'ctr']);

    const reopened = await OverlaySnapshotter.open(join(dir, 'snapshots'));
    assert.equal((await reopened.stat('ctr')).kind, 'active', 'metadata persists');
  }));

test('remove deletes the directory; a view of one layer is a read-only bind', () =>
  withScratch(async (dir, mount) => {
    const s = await OverlaySnapshotter.open(join(dir, 'snapshots'));
    await unpack(s, 'base', undefined, tarOf([{ name: 'f', body: 'base' }]));
    const [m] = await s.view('v', 'base');
    assert.equal(m.type, 'bind');
    assert.ok(m.options.includes('ro'));
    const v = await mount(s, 'v', 'v');
    assert.equal(await readFile(join(v, 'f'), 'utf8'), 'base');
    await assert.rejects(writeFile(join(v, 'g'), 'x'), /EROFS/);
    const upper = (await s.dirs('base')).upper as string;
    await unmount(v);
    await s.remove('v');
    await s.remove('base');
    assert.equal(existsSync(upper), false);
    await assert.rejects(s.stat('base'), isNotFound);
  }));

test('a chain of many layers mounts despite the one-page option limit', () =>
  withScratch(async (dir, mount) => {
    const s = await OverlaySnapshotter.open(join(dir, 'snapshots'));
    let parent: string | undefined;
    const layers = 150;
    for (let i = 0; i < layers; i++) {
      const key = `layer-${i}`;
      await s.prepare(`x-${i}`, parent);
      await writeFile(join((await s.dirs(`x-${i}`)).upper as string, `f${i}`), String(i));
      await s.commit(key, `x-${i}`);
      parent = key;
    }
    await s.prepare('top', parent);
    const [m] = await s.mounts('top');
    assert.ok(m.options.join(',').length > 4096, 'the absolute form would not fit');
    const root = await mount(s, 'top', 'top');
    assert.equal((await readdir(root)).length, layers);
  }));

test('compactOverlayOptions rewrites layer paths relative to their common directory', () => {
  const { options, cwd } = compactOverlayOptions(['index=off', 'workdir=/r/s/9/work', 'upperdir=/r/s/9/fs', 'lowerdir=/r/s/2/fs:/r/s/1/fs']);
  assert.equal(cwd, '/r/s');
  assert.deepEqual(options, ['index=off', 'workdir=9/work', 'upperdir=9/fs', 'lowerdir=2/fs:1/fs']);
});
