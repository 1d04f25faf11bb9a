import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isInvalidArgument, isNotFound } from '../../errdefs/index.js';
import { shortId } from '../../util/ids.js';
import { Events, importImage, loadImages, startProxy, withClientEnv } from './testing/client-env.js';

const WITHOUT_COUNTERS = (s: string): boolean => s !== 'Downloading' && s !== 'Pushing';

test('push an image, pull it into another store: same image; a second pull is up to date, a second push finds every layer', async () => {
  await withClientEnv({}, async (env) => {
    const a = await env.engine('a');
    const ref = `${env.domain}/team/app:v1`;
    await loadImages(a, [{ tags: [ref], layers: [{ 'one.txt': 'one\n' }, { 'two.txt': 'two\n' }] }]);
    const local = await a.images.resolve(ref);
    const diffIds = (await a.images.config(local)).rootfs.diff_ids.map((d) => shortId(d));

    const pushEvents = new Events();
    const pushed = await a.client.push(ref, { onProgress: pushEvents.sink });
    assert.equal(pushed.length, 1);
    assert.equal(pushed[0]?.digest, local.target.digest, 'the manifest goes up byte for byte');
    const pushLines = pushEvents.lines();
    assert.equal(pushLines[0], `The push refers to repository [${env.domain}/team/app]`);
    assert.deepEqual(pushLines.slice(1, 3), [`${diffIds[1]}: Preparing`, `${diffIds[0]}: Preparing`], 'top layer first, by diff ID');
    for (const id of diffIds) assert.equal(pushEvents.statuses(id).filter(WITHOUT_COUNTERS).at(-1), 'Pushed');
    assert.equal(pushLines.at(-1), `v1: digest: ${local.target.digest} size: ${local.target.size}`);
    assert.deepEqual(pushEvents.all.at(-1)?.aux, { Tag: 'v1', Digest: local.target.digest, Size: local.target.size });
    assert.ok((await a.images.resolve(ref)).repoDigests.includes(`${env.domain}/team/app@${local.target.digest}`), 'the pushed digest is a repo digest');

    const b = await env.engine('b');
    const pullEvents = new Events();
    const [pulled] = await b.client.pull(ref, { onProgress: pullEvents.sink });
    assert.equal(pulled?.image.id, local.id, 'same image ID');
    assert.equal(pulled?.digest, local.target.digest);
    assert.equal(pulled?.upToDate, false);
    const lines = pullEvents.lines();
    assert.equal(lines[0], `v1: Pulling from team/app`);
    assert.deepEqual(lines.slice(-2), [`Digest: ${local.target.digest}`, `Status: Downloaded newer image for ${ref}`]);
    const manifest = JSON.parse((await b.content.readBlob(local.target.digest)).toString()) as { layers: Array<{ digest: string; size: number }> };
    for (const layer of manifest.layers) {
      const id = shortId(layer.digest);
      assert.deepEqual(pullEvents.statuses(id).filter(WITHOUT_COUNTERS), ['Pulling fs layer', 'Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete']);
      const last = pullEvents.all.filter((e) => e.id === id && e.status === 'Downloading').at(-1);
      assert.deepEqual(last?.progressDetail, { current: layer.size, total: layer.size });
    }
    const pulledImage = await b.images.resolve(ref);
    assert.deepEqual(pulledImage.repoDigests, [`${env.domain}/team/app@${local.target.digest}`]);
    assert.equal(await readFile(join((await b.images.layerDirs(pulledImage))?.upper ?? '/nonexistent', 'two.txt'), 'utf8'), 'two\n');

    const again = new Events();
    const [second] = await b.client.pull(ref, { onProgress: again.sink });
    assert.equal(second?.upToDate, true);
    assert.deepEqual(again.lines(), [`v1: Pulling from team/app`, `Digest: ${local.target.digest}`, `Status: Image is up to date for ${ref}`]);

    const repush = new Events();
    await a.client.push(ref, { onProgress: repush.sink });
    for (const id of diffIds) assert.deepEqual(repush.statuses(id), ['Preparing', 'Layer already exists']);
  });
});

test('a layer already in the store is not downloaded again', async () => {
  await withClientEnv({}, async (env) => {
    const a = await env.engine('a');
    const ref = `${env.domain}/team/app:v1`;
    await loadImages(a, [{ tags: [ref], layers: [{ 'base.txt': 'base\n' }, { 'top.txt': 'top\n' }] }]);
    await a.client.push(ref);
    const manifest = JSON.parse((await a.content.readBlob((await a.images.resolve(ref)).target.digest)).toString()) as { layers: Array<{ digest: string }> };
    const [base, top] = manifest.layers.map((l) => shortId(l.digest));

    const b = await env.engine('b');
    await loadImages(b, [{ tags: ['base:latest'], layers: [{ 'base.txt': 'base\n' }] }]);
    const ev = new Events();
    await b.client.pull(ref, { onProgress: ev.sink });
    assert.deepEqual(ev.statuses(base as string), ['Already exists']);
    assert.equal(ev.statuses(top as string).filter(WITHOUT_COUNTERS)[0], 'Pulling fs layer');
  });
});

test('push mounts blobs from another repository of the same registry the image is known in', async () => {
  await withClientEnv({}, async (env) => {
    const a = await env.engine('a');
    const first = `${env.domain}/team/app:v1`;
    const second = `${env.domain}/other/app:v1`;
    const rec = await importImage(a, first, { 'f.txt': 'mount me\n' });
    await a.client.push(first);
    await a.images.tag(first, second);
    const ev = new Events();
    await a.client.push(second, { onProgress: ev.sink });
    const diffId = shortId((await a.images.config(rec)).rootfs.diff_ids[0] as string);
    assert.deepEqual(ev.statuses(diffId), ['Preparing', 'Mounted from team/app']);
    const b = await env.engine('b');
    const [pulled] = await b.client.pull(second);
    assert.equal(pulled?.image.id, rec.id);
  });
});

test('large blobs go up in PATCH chunks streamed from disk; small ones in one PUT', async () => {
  await withClientEnv({}, async (env) => {
    const proxy = await startProxy(env.registry.server.url);
    try {
      const a = await env.engine('a');
      const ref = `${proxy.domain}/chunky/app:v1`;
      // Random bytes keep the tar large; 40 KiB in 8 KiB chunks.
      const rec = await importImage(a, ref, { 'noise.bin': randomBytes(30 * 1024).toString('base64') });
      const layer = (await a.images.config(rec)).rootfs.diff_ids[0] as string;
      const size = (await a.content.info(layer as `sha256:${string}`)).size;
      await a.client.push(ref, { chunkSize: 8192 });
      const patches = proxy.log.filter((r) => r.method === 'PATCH');
      assert.equal(patches.length, Math.ceil(size / 8192), 'one PATCH per chunk of the layer');
      assert.ok(patches.every((r) => r.status === 202));
      const puts = proxy.log.filter((r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/'));
      assert.equal(puts.length, 2, 'the layer closes with an empty PUT, the small config goes in one');
      const b = await env.engine('b');
      const [pulled] = await b.client.pull(ref);
      assert.equal(pulled?.image.id, rec.id);
    } finally {
      await proxy.close();
    }
  });
});

test('push of an untagged name pushes every local tag; pull --all-tags fetches them all', async () => {
  await withClientEnv({}, async (env) => {
    const a = await env.engine('a');
    const repo = `${env.domain}/team/app`;
    const v1 = await importImage(a, `${repo}:v1`, { 'v.txt': '1\n' });
    const v2 = await importImage(a, `${repo}:v2`, { 'v.txt': '2\n' });
    const pushed = await a.client.push(repo);
    assert.deepEqual(pushed.map((p) => p.tag), ['v1', 'v2']);

    const b = await env.engine('b');
    const ev = new Events();
    const pulled = await b.client.pull(repo, { allTags: true, onProgress: ev.sink });
    assert.deepEqual(pulled.map((p) => p.image.id), [v1.id, v2.id]);
    assert.equal((await b.images.resolve(`${repo}:v2`)).id, v2.id);
    assert.equal(ev.lines().at(-1), `Status: Downloaded newer image for ${repo}`);
    await assert.rejects(b.client.pull(`${repo}:v1`, { allTags: true }), (err: unknown) => isInvalidArgument(err) && /all-tags/.test((err as Error).message));
  });
});

test("missing things fail with Docker's messages", async () => {
  await withClientEnv({}, async (env) => {
    const a = await env.engine('a');
    await importImage(a, `${env.domain}/team/app:v1`, { 'x.txt': 'x\n' });
    await a.client.push(`${env.domain}/team/app:v1`);
    await assert.rejects(a.client.pull(`${env.domain}/team/app:nope`), (err: unknown) => isNotFound(err) && (err as Error).message.startsWith(`manifest for ${env.domain}/team/app:nope not found: manifest unknown: `));
    await assert.rejects(a.client.pull(`${env.domain}/never/pushed`), (err: unknown) => isNotFound(err));
    await assert.rejects(a.client.push(`${env.domain}/nothing/here:v1`), (err: unknown) => isNotFound(err) && (err as Error).message === `An image does not exist locally with the tag: ${env.domain}/nothing/here`);
    await assert.rejects(a.client.push(`${env.domain}/team/app:v9`), (err: unknown) => isNotFound(err) && (err as Error).message === `tag does not exist: ${env.domain}/team/app:v9`);
  });
});
