import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tarOf } from '../../src/archive/testing/tar-fixtures.js';
import { applyLayer } from '../../src/archive/index.js';
import { mountAll, unmount } from '../../src/snapshots/mount.js';
import { OverlaySnapshotter } from '../../src/snapshots/overlay.js';
import { volatileMounts } from '../../src/snapshots/volatile.js';

async function withSnapshotter(fn: (s: OverlaySnapshotter, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    await fn(await OverlaySnapshotter.open(join(dir, 'snapshots')), dir);
  } finally {
    await unmount(join(dir, 'mnt')).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

test('a volatile overlay mounts, keeps writes while mounted, and mounts again after an unmount', () =>
  withSnapshotter(async (s, dir) => {
    await s.prepare('extract', undefined);
    await applyLayer(tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/a', body: 'lower' }]), (await s.dirs('extract')).upper as string);
    await s.commit('L1', 'extract');
    const plain = await s.prepare('c1', 'L1');
    const target = join(dir, 'mnt');
    await mkdir(target, { recursive: true });
    const mounts = await volatileMounts(plain);
    assert.ok(mounts[0]?.options.includes('volatile'));
    assert.ok(!plain[0]?.options.includes('volatile'), 'the snapshotter’s own description is not changed');
    await mountAll(mounts, target);
    await writeFile(join(target, 'etc', 'b'), 'upper');
    await unmount(target);
    // overlayfs refuses a workdir an earlier volatile mount used until its marker is gone: volatileMounts clears it.
    await mountAll(await volatileMounts(plain), target);
    assert.equal(await readFile(join(target, 'etc', 'a'), 'utf8'), 'lower');
    assert.equal(await readFile(join(target, 'etc', 'b'), 'utf8'), 'upper');
    await unmount(target);
  }));

test('read-only and bind mounts are left as they are', async () => {
  const ro = [{ type: 'overlay', source: 'overlay', options: ['index=off', 'lowerdir=/a:/b'] }];
  const bind = [{ type: 'bind', source: '/x', options: ['rw', 'rbind'] }];
  assert.deepEqual(await volatileMounts(ro), ro);
  assert.deepEqual(await volatileMounts(bind), bind);
});
