import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OverlaySnapshotter } from './overlay.js';

test('concurrent prepares and removes share metadata writes and all of them persist', async () => {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    const root = join(dir, 'snapshots');
    const s = await OverlaySnapshotter.open(root);
    const keys = Array.from({ length: 20 }, (_, i) => `c${i}`);
    await Promise.all(keys.map((k) => s.prepare(k, undefined, { n: k })));
    const reopened = await OverlaySnapshotter.open(root);
    assert.deepEqual((await reopened.list()).map((i) => i.key).sort(), [...keys].sort());

    // Remove half while preparing others: what a reopened snapshotter sees is exactly what remains.
    const gone = keys.slice(0, 10);
    const added = Array.from({ length: 5 }, (_, i) => `d${i}`);
    await Promise.all([...gone.map((k) => reopened.remove(k)), ...added.map((k) => reopened.prepare(k))]);
    const after = await OverlaySnapshotter.open(root);
    assert.deepEqual((await after.list()).map((i) => i.key).sort(), [...keys.slice(10), ...added].sort());
    assert.equal((await readdir(join(root, 'snapshots'))).length, 15, 'removed snapshots leave no directories');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
