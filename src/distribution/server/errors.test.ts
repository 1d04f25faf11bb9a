import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaType } from '../../oci/image.js';
import { blobOf, pushBlob, pushImage, pushManifest, tinyImage, withRegistry, type HttpResult } from './testing/test-registry.js';

function assertError(res: HttpResult, status: number, code: string): void {
  assert.equal(res.status, status, `${code}: ${res.body.toString()}`);
  assert.equal(res.code(), code, res.body.toString());
  const body = res.json<{ errors: Array<{ message: string }> }>();
  assert.equal(typeof body.errors[0]?.message, 'string');
}

test('hostile upload: a digest that does not match is DIGEST_INVALID and nothing is stored', async () => {
  await withRegistry({}, async (r) => {
    const real = blobOf('the bytes actually sent');
    const claimed = blobOf('what the client claims');
    const mono = await r.call('POST', `/v2/evil/blobs/uploads/?digest=${claimed.digest}`, { body: real.data });
    assertError(mono, 400, 'DIGEST_INVALID');

    const start = await r.call('POST', '/v2/evil/blobs/uploads/');
    const location = String(start.headers.location);
    await r.call('PATCH', location, { body: real.data });
    assertError(await r.call('PUT', `${location}?digest=${claimed.digest}`), 400, 'DIGEST_INVALID');
    assertError(await r.call('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');

    for (const d of [claimed.digest, real.digest]) assertError(await r.call('GET', `/v2/evil/blobs/${d}`), 404, 'BLOB_UNKNOWN');
    assert.deepEqual(await readdir(join(r.root, 'blobs', 'sha256')), []);
    assert.deepEqual(await readdir(join(r.root, '_uploads')), []);
  });
});

test('name, digest and reference errors', async () => {
  await withRegistry({}, async (r) => {
    assertError(await r.call('GET', '/v2/Upper/manifests/latest'), 400, 'NAME_INVALID');
    assertError(await r.call('GET', '/v2/a..b/tags/list'), 400, 'NAME_INVALID');
    assertError(await r.call('GET', `/v2/${'a'.repeat(256)}/tags/list`), 400, 'NAME_INVALID');
    assertError(await r.call('GET', '/v2/nobody/tags/list'), 404, 'NAME_UNKNOWN');
    assertError(await r.call('DELETE', `/v2/nobody/manifests/sha256:${'0'.repeat(64)}`), 404, 'NAME_UNKNOWN');
    assertError(await r.call('GET', '/v2/x/blobs/sha256:zz'), 400, 'DIGEST_INVALID');
    assertError(await r.call('GET', `/v2/x/blobs/sha512:${'a'.repeat(128)}`), 400, 'DIGEST_INVALID');
    assertError(await r.call('GET', `/v2/x/referrers/notadigest`), 400, 'DIGEST_INVALID');
    assertError(await r.call('GET', `/v2/x/blobs/sha256:${'0'.repeat(64)}`), 404, 'BLOB_UNKNOWN');
    assertError(await r.call('GET', '/v2/x/manifests/nope'), 404, 'MANIFEST_UNKNOWN');
    assertError(await r.call('GET', '/v2/x/manifests/.bad'), 400, 'TAG_INVALID');
    assertError(await r.call('GET', '/v2/x/tags/list?n=-1'), 400, 'PAGINATION_NUMBER_INVALID');
  });
});

test('upload errors: unknown session, another repository\'s session, bad ranges and sizes', async () => {
  await withRegistry({}, async (r) => {
    assertError(await r.call('PATCH', '/v2/up/blobs/uploads/00000000-0000-4000-8000-000000000000', { body: 'x' }), 404, 'BLOB_UPLOAD_UNKNOWN');
    assertError(await r.call('GET', '/v2/up/blobs/uploads/..%2F..%2Fetc'), 404, 'BLOB_UPLOAD_UNKNOWN');
    const start = await r.call('POST', '/v2/up/blobs/uploads/');
    const uuid = String(start.headers['docker-upload-uuid']);
    assertError(await r.call('PATCH', `/v2/other/blobs/uploads/${uuid}`, { body: 'x' }), 400, 'BLOB_UPLOAD_INVALID');
    assertError(await r.call('PATCH', `/v2/up/blobs/uploads/${uuid}`, { body: 'x', headers: { 'Content-Range': 'bytes=0-0' } }), 400, 'BLOB_UPLOAD_INVALID');
    assertError(await r.call('PATCH', `/v2/up/blobs/uploads/${uuid}`, { body: 'xyz', headers: { 'Content-Range': '0-9' } }), 400, 'SIZE_INVALID');
    assertError(await r.call('PATCH', `/v2/up/blobs/uploads/${uuid}`, { body: 'xyz', headers: { 'Content-Range': '5-7' } }), 416, 'BLOB_UPLOAD_INVALID');
    assertError(await r.call('PUT', `/v2/up/blobs/uploads/${uuid}`), 400, 'DIGEST_INVALID');
    assertError(await r.call('POST', '/v2/up/blobs/uploads/?digest-algorithm=sha512'), 400, 'DIGEST_INVALID');
    const status = await r.call('GET', `/v2/up/blobs/uploads/${uuid}`);
    assert.equal(status.status, 204, 'failed requests leave the session usable');
    assert.equal(status.headers.range, '0-0');
  });
});

test('manifest errors: invalid JSON and shapes, unknown blobs, digest mismatch, 413 beyond 4 MiB', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    const put = (ref: string, body: string | Buffer, type: string = MediaType.OciManifest) => r.call('PUT', `/v2/man/manifests/${ref}`, { body, headers: { 'Content-Type': type } });
    assertError(await pushManifest(r, 'man', 'v1', img.manifest, img.mediaType), 400, 'MANIFEST_BLOB_UNKNOWN');
    for (const b of [img.config, ...img.layers]) await pushBlob(r, 'man', b);
    assertError(await put('v1', '{not json'), 400, 'MANIFEST_INVALID');
    assertError(await put('v1', JSON.stringify({ schemaVersion: 1 })), 400, 'MANIFEST_INVALID');
    assertError(await put('v1', JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:12' }, layers: [] })), 400, 'MANIFEST_INVALID');
    assertError(await put('v1', img.manifest.data, MediaType.DockerManifest), 400, 'MANIFEST_INVALID');
    assertError(await put('v1', img.manifest.data, 'application/vnd.docker.distribution.manifest.v1+prettyjws'), 400, 'MANIFEST_INVALID');
    assertError(await put(`sha256:${'1'.repeat(64)}`, img.manifest.data), 400, 'DIGEST_INVALID');
    const index = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [{ mediaType: MediaType.OciManifest, digest: img.manifest.digest, size: img.manifest.data.length }] });
    assertError(await put('idx', index, MediaType.OciIndex), 400, 'MANIFEST_BLOB_UNKNOWN');
    assertError(await put('huge', Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)), 413, 'SIZE_INVALID');
    assert.equal((await put('v1', img.manifest.data)).status, 201, 'the valid manifest still goes in');
  });
});

test('unsupported methods and read-only mode are UNSUPPORTED (405)', async () => {
  await withRegistry({ readOnly: true }, async (r) => {
    assertError(await r.call('POST', '/v2/ro/manifests/latest'), 405, 'UNSUPPORTED');
    assertError(await r.call('PATCH', '/v2/ro/tags/list'), 405, 'UNSUPPORTED');
    assertError(await r.call('POST', '/v2/ro/blobs/uploads/'), 405, 'UNSUPPORTED');
    assertError(await r.call('DELETE', '/v2/ro/manifests/latest'), 405, 'UNSUPPORTED');
    assert.equal((await r.call('GET', '/v2/')).status, 200, 'reads still work');
  });
});

test('past the rate limit a client gets TOOMANYREQUESTS with Retry-After', async () => {
  // A refill rate this low makes the outcome independent of how fast the test runs.
  await withRegistry({ rateLimit: { requestsPerSecond: 0.0001, burst: 3 } }, async (r) => {
    for (let i = 0; i < 3; i++) assert.equal((await r.call('GET', '/v2/')).status, 200);
    const res = await r.call('GET', '/v2/');
    assertError(res, 429, 'TOOMANYREQUESTS');
    assert.ok(Number(res.headers['retry-after']) >= 1);
  });
});

test('an image pushed after errors is intact (errors leave no partial state)', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage('z');
    await r.call('POST', `/v2/after/blobs/uploads/?digest=${img.layers[0]?.digest}`, { body: 'garbage' });
    assert.equal((await pushImage(r, 'after', 'v1', img)).status, 201);
    const layer = await r.call('GET', `/v2/after/blobs/${img.layers[0]?.digest}`);
    assert.deepEqual(layer.body, img.layers[0]?.data);
  });
});
