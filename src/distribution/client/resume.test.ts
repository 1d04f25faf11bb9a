import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isKind } from '../../errdefs/index.js';
import type { Digest } from '../../util/digest.js';
import { loadImages, startProxy, withClientEnv, type ClientEnv } from './testing/client-env.js';

/** A two-layer image of random (incompressible) bytes pushed through `domain`; returns its layer digests and sizes. */
async function pushBigImage(env: ClientEnv, ref: string): Promise<Array<{ digest: Digest; size: number }>> {
  const a = await env.engine('a');
  await loadImages(a, [{ tags: [ref], layers: [{ 'one.bin': randomBytes(96 * 1024).toString('base64') }, { 'two.bin': randomBytes(96 * 1024).toString('base64') }] }]);
  await a.client.push(ref);
  const manifest = JSON.parse((await a.content.readBlob((await a.images.resolve(ref)).target.digest)).toString()) as { layers: Array<{ digest: Digest; size: number }> };
  return manifest.layers;
}

test('a layer download cut mid-way resumes with a Range request from where it stopped', async () => {
  await withClientEnv({}, async (env) => {
    const proxy = await startProxy(env.registry.server.url);
    try {
      const ref = `${proxy.domain}/big/app:v1`;
      const [layer] = await pushBigImage(env, ref);
      const path = `/blobs/${layer?.digest}`;
      let cuts = 0;
      proxy.cut = (req) => (req.method === 'GET' && req.url?.endsWith(path) && cuts++ === 0 ? 50_000 : undefined);
      proxy.log.length = 0;
      const b = await env.engine('b');
      const [pulled] = await b.client.pull(ref);
      assert.ok(pulled);
      const gets = proxy.log.filter((r) => r.method === 'GET' && r.url.endsWith(path));
      assert.equal(gets.length, 2);
      assert.equal(gets[0]?.range, undefined);
      assert.equal(gets[1]?.range, 'bytes=50000-', 'the second request asks only for the rest');
      assert.equal(gets[1]?.status, 206);
      assert.equal((gets[0]?.sent ?? 0) + (gets[1]?.sent ?? 0), layer?.size, 'no byte sent twice');
    } finally {
      await proxy.close();
    }
  });
});

test('a pull that fails on one layer keeps the finished ones: the retry downloads only what is missing', async () => {
  await withClientEnv({}, async (env) => {
    const proxy = await startProxy(env.registry.server.url);
    try {
      const ref = `${proxy.domain}/big/app:v1`;
      const [first, second] = await pushBigImage(env, ref);
      const broken = `/blobs/${second?.digest}`;
      // Every attempt at the second layer dies after a few bytes: the pull gives up.
      proxy.cut = (req) => (req.method === 'GET' && req.url?.endsWith(broken) ? 1000 : undefined);
      const b = await env.engine('b');
      await assert.rejects(b.client.pull(ref), (err: unknown) => isKind(err, 'unavailable') && (err as Error).message === `downloading ${second?.digest}: aborted`);
      assert.equal(await b.content.has(first?.digest as Digest), true, 'the finished layer is kept');
      assert.equal(await b.content.has(second?.digest as Digest), false);

      proxy.cut = undefined;
      proxy.log.length = 0;
      const [pulled] = await b.client.pull(ref);
      assert.ok(pulled);
      const fetched = proxy.log.filter((r) => r.method === 'GET' && r.url.includes('/blobs/')).map((r) => r.url.split('/').at(-1));
      assert.deepEqual(fetched, [second?.digest], 'only the missing layer is fetched again');
    } finally {
      await proxy.close();
    }
  });
});
