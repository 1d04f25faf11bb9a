import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encoded } from '../../util/digest.js';
import { gc } from './storage/gc.js';
import { pushImage, tinyImage, withRegistry } from './testing/test-registry.js';

// Clocks: "now" a little ahead, so blobs written a moment ago are unambiguously older than a zero grace period.
const later = (): Date => new Date(Date.now() + 5_000);

test('gc sweeps blobs only deleted manifests referenced; dry-run removes nothing; the grace period protects fresh blobs', async () => {
  await withRegistry({}, async (r) => {
    const keep = await tinyImage('keep');
    const drop = await tinyImage('drop');
    await pushImage(r, 'app', 'keep', keep);
    await pushImage(r, 'app', 'drop', drop);
    await pushImage(r, 'other', 'same', keep);
    assert.equal((await r.call('DELETE', `/v2/app/manifests/${drop.manifest.digest}`)).status, 202);
    const unreferenced = [drop.manifest, drop.config, ...drop.layers].map((b) => b.digest).sort();

    const fresh = await gc(r.root, { dryRun: true });
    assert.deepEqual(fresh.deleted, [], 'within the default grace period nothing goes');

    const dry = await gc(r.root, { dryRun: true, gracePeriodMs: 0, now: later() });
    assert.deepEqual([...dry.deleted].sort(), unreferenced);
    assert.equal(dry.freedBytes, [drop.manifest, drop.config, ...drop.layers].reduce((n, b) => n + b.data.length, 0));
    assert.equal((await readdir(join(r.root, 'blobs', 'sha256'))).length, 8, 'dry run leaves every blob');

    const real = await gc(r.root, { gracePeriodMs: 0, now: later() });
    assert.deepEqual([...real.deleted].sort(), unreferenced);
    assert.equal(real.marked, 4);
    const left = (await readdir(join(r.root, 'blobs', 'sha256'))).sort();
    assert.deepEqual(left, [keep.manifest, keep.config, ...keep.layers].map((b) => encoded(b.digest)).sort());
    const links = await readdir(join(r.root, 'repositories', 'app', '_layers', 'sha256'));
    assert.ok(!links.includes(encoded(drop.config.digest)), 'links to swept blobs go too');

    for (const name of ['app', 'other']) {
      const m = await r.call('GET', `/v2/${name}/manifests/${name === 'app' ? 'keep' : 'same'}`);
      assert.deepEqual(m.body, keep.manifest.data);
      for (const b of [keep.config, ...keep.layers]) assert.deepEqual((await r.call('GET', `/v2/${name}/blobs/${b.digest}`)).body, b.data);
    }
    assert.equal((await r.call('GET', `/v2/app/blobs/${drop.layers[0]?.digest}`)).status, 404);
  });
});

test('gc removes abandoned upload sessions past their age', async () => {
  await withRegistry({}, async (r) => {
    const start = await r.call('POST', '/v2/slow/blobs/uploads/');
    await r.call('PATCH', String(start.headers.location), { body: 'half a layer' });
    assert.deepEqual((await gc(r.root, { now: later() })).uploadsRemoved, [], 'a week by default');
    const report = await gc(r.root, { uploadMaxAgeMs: 0, now: later() });
    assert.deepEqual(report.uploadsRemoved, [start.headers['docker-upload-uuid']]);
    assert.equal((await r.call('GET', String(start.headers.location))).status, 404);
  });
});
