import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaType } from '../../oci/image.js';
import { blobOf, pushBlob, pushImage, pushManifest, tinyImage, withRegistry, type TestRegistry } from './testing/test-registry.js';

const ACCEPT_ALL = [MediaType.OciManifest, MediaType.OciIndex, MediaType.DockerManifest, MediaType.DockerManifestList].join(', ');

async function pullImage(r: TestRegistry, name: string, ref: string): Promise<{ manifest: Buffer; blobs: Buffer[] }> {
  const m = await r.call('GET', `/v2/${name}/manifests/${ref}`, { headers: { Accept: ACCEPT_ALL } });
  assert.equal(m.status, 200, m.body.toString());
  const parsed = m.json<{ config: { digest: string }; layers: Array<{ digest: string }> }>();
  const blobs: Buffer[] = [];
  for (const d of [parsed.config.digest, ...parsed.layers.map((l) => l.digest)]) {
    const b = await r.call('GET', `/v2/${name}/blobs/${d}`);
    assert.equal(b.status, 200);
    assert.equal(b.headers['docker-content-digest'], d);
    blobs.push(b.body);
  }
  return { manifest: m.body, blobs };
}

test('version check answers {} with the API version header', async () => {
  await withRegistry({}, async (r) => {
    const res = await r.call('GET', '/v2/');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {});
    assert.equal(res.headers['docker-distribution-api-version'], 'registry/2.0');
  });
});

test('push and pull round-trip a tiny image (POST+PUT uploads), bytes exact', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    const put = await pushImage(r, 'library/tiny', 'v1', img);
    assert.equal(put.status, 201, put.body.toString());
    assert.equal(put.headers['docker-content-digest'], img.manifest.digest);
    assert.equal(put.headers.location, `/v2/library/tiny/manifests/${img.manifest.digest}`);

    const pulled = await pullImage(r, 'library/tiny', 'v1');
    assert.deepEqual(pulled.manifest, img.manifest.data);
    assert.deepEqual(pulled.blobs, [img.config.data, ...img.layers.map((l) => l.data)]);

    const byDigest = await r.call('GET', `/v2/library/tiny/manifests/${img.manifest.digest}`);
    assert.equal(byDigest.status, 200);
    assert.equal(byDigest.headers['content-type'], MediaType.OciManifest);
    assert.equal(byDigest.headers['docker-content-digest'], img.manifest.digest);

    const head = await r.call('HEAD', '/v2/library/tiny/manifests/v1');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(img.manifest.data.length));
    assert.equal(head.body.length, 0);

    const blobHead = await r.call('HEAD', `/v2/library/tiny/blobs/${img.layers[0]?.digest}`);
    assert.equal(blobHead.status, 200);
    assert.equal(blobHead.headers['content-length'], String(img.layers[0]?.data.length));

    const manifestAsBlob = await r.call('GET', `/v2/library/tiny/blobs/${img.manifest.digest}`);
    assert.deepEqual(manifestAsBlob.body, img.manifest.data, 'a manifest can be fetched through the blobs endpoint too');

    const etag = await r.call('GET', '/v2/library/tiny/manifests/v1', { headers: { 'If-None-Match': `"${img.manifest.digest}"` } });
    assert.equal(etag.status, 304);
  });
});

test('a blob pushed in one POST ?digest= is stored and served', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf('monolithic bytes');
    const res = await r.call('POST', `/v2/mono/blobs/uploads/?digest=${blob.digest}`, { body: blob.data, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/v2/mono/blobs/${blob.digest}`);
    assert.deepEqual((await r.call('GET', `/v2/mono/blobs/${blob.digest}`)).body, blob.data);
    assert.deepEqual(await readdir(join(r.root, '_uploads')), [], 'no session left behind');
  });
});

test('chunked upload: PATCH chunks, resumable status, out-of-order chunk 416, final chunk on PUT', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf(Buffer.from('0123456789abcdefghij'));
    const start = await r.call('POST', '/v2/chunky/blobs/uploads/', { headers: { 'Content-Length': '0' } });
    assert.equal(start.status, 202);
    const uuid = String(start.headers['docker-upload-uuid']);
    const location = String(start.headers.location);
    assert.equal(location, `/v2/chunky/blobs/uploads/${uuid}`);
    assert.equal(start.headers.range, '0-0');

    const c1 = await r.call('PATCH', location, { body: blob.data.subarray(0, 8), headers: { 'Content-Range': '0-7', 'Content-Type': 'application/octet-stream' } });
    assert.equal(c1.status, 202);
    assert.equal(c1.headers.range, '0-7');

    const status = await r.call('GET', location);
    assert.equal(status.status, 204);
    assert.equal(status.headers.range, '0-7');
    assert.equal(status.headers['docker-upload-uuid'], uuid);

    const skipped = await r.call('PATCH', location, { body: blob.data.subarray(10, 15), headers: { 'Content-Range': '10-14' } });
    assert.equal(skipped.status, 416);
    assert.equal(skipped.headers.range, '0-7', 'a 416 tells where to resume');

    const c2 = await r.call('PATCH', location, { body: blob.data.subarray(8, 15), headers: { 'Content-Range': '8-14' } });
    assert.equal(c2.status, 202);
    assert.equal(c2.headers.range, '0-14');

    const done = await r.call('PUT', `${location}?digest=${blob.digest}`, { body: blob.data.subarray(15), headers: { 'Content-Range': '15-19' } });
    assert.equal(done.status, 201, done.body.toString());
    assert.equal(done.headers['docker-content-digest'], blob.digest);
    assert.deepEqual((await r.call('GET', `/v2/chunky/blobs/${blob.digest}`)).body, blob.data);
    assert.equal((await r.call('GET', location)).status, 404, 'the session is closed');
  });
});

test('a streamed PATCH without Content-Range (as docker push sends) then an empty PUT', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf(Buffer.alloc(300_000, 7));
    const start = await r.call('POST', '/v2/stream/blobs/uploads/');
    const patch = await r.call('PATCH', String(start.headers.location), { body: blob.data });
    assert.equal(patch.headers.range, `0-${blob.data.length - 1}`);
    const put = await r.call('PUT', `${String(patch.headers.location)}?digest=${blob.digest}`);
    assert.equal(put.status, 201);
    assert.equal((await r.call('HEAD', `/v2/stream/blobs/${blob.digest}`)).headers['content-length'], String(blob.data.length));
  });
});

test('cancelled uploads are gone', async () => {
  await withRegistry({}, async (r) => {
    const start = await r.call('POST', '/v2/cancel/blobs/uploads/');
    const location = String(start.headers.location);
    await r.call('PATCH', location, { body: 'partial' });
    assert.equal((await r.call('DELETE', location)).status, 204);
    assert.equal((await r.call('GET', location)).status, 404);
    assert.deepEqual(await readdir(join(r.root, '_uploads')), []);
  });
});

test('range GETs of a blob: 206 with Content-Range, suffix ranges, 416 past the end', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf('hello, range requests');
    await pushBlob(r, 'ranges', blob);
    const path = `/v2/ranges/blobs/${blob.digest}`;
    const part = await r.call('GET', path, { headers: { Range: 'bytes=7-11' } });
    assert.equal(part.status, 206);
    assert.equal(part.body.toString(), 'range');
    assert.equal(part.headers['content-range'], `bytes 7-11/${blob.data.length}`);
    const open = await r.call('GET', path, { headers: { Range: 'bytes=15-' } });
    assert.equal(open.body.toString(), 'quests');
    const suffix = await r.call('GET', path, { headers: { Range: 'bytes=-6' } });
    assert.equal(suffix.body.toString(), 'quests');
    const beyond = await r.call('GET', path, { headers: { Range: 'bytes=500-' } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${blob.data.length}`);
  });
});

test('cross-repository mount: 201 when the source has the blob, else 202 and an upload', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf('shared layer');
    await pushBlob(r, 'src/repo', blob);
    const mounted = await r.call('POST', `/v2/dst/repo/blobs/uploads/?mount=${blob.digest}&from=src/repo`);
    assert.equal(mounted.status, 201);
    assert.equal(mounted.headers.location, `/v2/dst/repo/blobs/${blob.digest}`);
    assert.equal(mounted.headers['docker-content-digest'], blob.digest);
    assert.deepEqual((await r.call('GET', `/v2/dst/repo/blobs/${blob.digest}`)).body, blob.data);

    const other = blobOf('not there');
    const fallback = await r.call('POST', `/v2/dst/repo/blobs/uploads/?mount=${other.digest}&from=src/repo`);
    assert.equal(fallback.status, 202);
    assert.ok(fallback.headers['docker-upload-uuid']);
    assert.equal((await r.call('GET', `/v2/third/blobs/${blob.digest}`)).status, 404, 'a blob is served only where it was pushed or mounted');
  });
});

test('tags list in ASCII order with n/last pagination and Link headers', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    await pushImage(r, 'paged', 'b', img);
    for (const tag of ['a', 'C', 'c', 'latest']) assert.equal((await pushManifest(r, 'paged', tag, img.manifest, img.mediaType)).status, 201);
    const all = await r.call('GET', '/v2/paged/tags/list');
    assert.deepEqual(all.json(), { name: 'paged', tags: ['C', 'a', 'b', 'c', 'latest'] });
    assert.equal(all.headers.link, undefined);

    const p1 = await r.call('GET', '/v2/paged/tags/list?n=2');
    assert.deepEqual(p1.json<{ tags: string[] }>().tags, ['C', 'a']);
    assert.equal(p1.headers.link, '</v2/paged/tags/list?n=2&last=a>; rel="next"');
    const next = /<([^>]+)>/.exec(String(p1.headers.link))?.[1] ?? '';
    const p2 = await r.call('GET', next);
    assert.deepEqual(p2.json<{ tags: string[] }>().tags, ['b', 'c']);
    const p3 = await r.call('GET', '/v2/paged/tags/list?n=2&last=c');
    assert.deepEqual(p3.json<{ tags: string[] }>().tags, ['latest']);
    assert.equal(p3.headers.link, undefined);
    const zero = await r.call('GET', '/v2/paged/tags/list?n=0');
    assert.deepEqual(zero.json<{ tags: string[] }>().tags, []);
    assert.equal(zero.headers.link, undefined);
  });
});

test('catalog lists repositories, nested ones too, with pagination', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    for (const name of ['zeta', 'alpha/one', 'alpha', 'alpha/two/deep']) await pushImage(r, name, 'latest', img);
    const all = await r.call('GET', '/v2/_catalog');
    assert.deepEqual(all.json(), { repositories: ['alpha', 'alpha/one', 'alpha/two/deep', 'zeta'] });
    const page = await r.call('GET', '/v2/_catalog?n=3');
    assert.deepEqual(page.json<{ repositories: string[] }>().repositories, ['alpha', 'alpha/one', 'alpha/two/deep']);
    assert.equal(page.headers.link, '</v2/_catalog?n=3&last=alpha%2Ftwo%2Fdeep>; rel="next"');
    const rest = await r.call('GET', /<([^>]+)>/.exec(String(page.headers.link))?.[1] ?? '');
    assert.deepEqual(rest.json<{ repositories: string[] }>().repositories, ['zeta']);
  });
});

test('deletes: a tag, a manifest by digest (and its tags), a blob', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    await pushImage(r, 'del', 'one', img);
    await pushManifest(r, 'del', 'two', img.manifest, img.mediaType);
    await pushManifest(r, 'del', 'three', img.manifest, img.mediaType);

    assert.equal((await r.call('DELETE', '/v2/del/manifests/one')).status, 202);
    assert.equal((await r.call('GET', '/v2/del/manifests/one')).status, 404);
    assert.equal((await r.call('GET', '/v2/del/manifests/two')).status, 200, 'other tags stay');

    assert.equal((await r.call('DELETE', `/v2/del/manifests/${img.manifest.digest}`)).status, 202);
    assert.equal((await r.call('GET', `/v2/del/manifests/${img.manifest.digest}`)).status, 404);
    assert.equal((await r.call('GET', '/v2/del/manifests/two')).status, 404, 'tags on a deleted manifest go with it');
    assert.deepEqual((await r.call('GET', '/v2/del/tags/list')).json(), { name: 'del', tags: [] });

    const layer = img.layers[0]?.digest ?? '';
    assert.equal((await r.call('DELETE', `/v2/del/blobs/${layer}`)).status, 202);
    assert.equal((await r.call('GET', `/v2/del/blobs/${layer}`)).status, 404);
    assert.equal((await r.call('DELETE', `/v2/del/blobs/${layer}`)).status, 404);
  });
});

test('referrers: subject accepted before it exists, OCI-Subject, artifactType filter', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    const empty = blobOf('{}');
    await pushBlob(r, 'refs', empty);
    const subject = { mediaType: img.mediaType, digest: img.manifest.digest, size: img.manifest.data.length };
    const artifact = (type: string, note: string) =>
      blobOf(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.OciManifest,
          artifactType: type,
          config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty.digest, size: 2 },
          layers: [],
          subject,
          annotations: { note },
        }),
      );
    const sbom = artifact('application/vnd.example.sbom.v1', 'sbom');
    const sig = artifact('application/vnd.example.sig.v1', 'sig');
    const first = await pushManifest(r, 'refs', sbom.digest, sbom, MediaType.OciManifest);
    assert.equal(first.status, 201, first.body.toString());
    assert.equal(first.headers['oci-subject'], img.manifest.digest);
    await pushImage(r, 'refs', 'v1', img);
    await pushManifest(r, 'refs', sig.digest, sig, MediaType.OciManifest);

    const all = await r.call('GET', `/v2/refs/referrers/${img.manifest.digest}`);
    assert.equal(all.status, 200);
    assert.equal(all.headers['content-type'], MediaType.OciIndex);
    const index = all.json<{ manifests: Array<{ digest: string; artifactType: string; annotations: Record<string, string>; size: number }> }>();
    assert.deepEqual(
      index.manifests.map((m) => [m.digest, m.artifactType, m.annotations.note, m.size]).sort(),
      [
        [sbom.digest, 'application/vnd.example.sbom.v1', 'sbom', sbom.data.length],
        [sig.digest, 'application/vnd.example.sig.v1', 'sig', sig.data.length],
      ].sort(),
    );
    const filtered = await r.call('GET', `/v2/refs/referrers/${img.manifest.digest}?artifactType=application/vnd.example.sig.v1`);
    assert.equal(filtered.headers['oci-filters-applied'], 'artifactType');
    assert.deepEqual(filtered.json<{ manifests: Array<{ digest: string }> }>().manifests.map((m) => m.digest), [sig.digest]);

    await r.call('DELETE', `/v2/refs/manifests/${sig.digest}`);
    const after = await r.call('GET', `/v2/refs/referrers/${img.manifest.digest}`);
    assert.deepEqual(after.json<{ manifests: Array<{ digest: string }> }>().manifests.map((m) => m.digest), [sbom.digest]);
    const none = await r.call('GET', `/v2/refs/referrers/${img.config.digest}`);
    assert.deepEqual(none.json<{ manifests: unknown[] }>().manifests, []);
  });
});

test('image indexes and Docker manifest lists need their children; Accept is honoured', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    await pushImage(r, 'multi', 'amd64', img);
    const child = { mediaType: img.mediaType, digest: img.manifest.digest, size: img.manifest.data.length, platform: { architecture: 'amd64', os: 'linux' } };
    const index = blobOf(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [child] }));
    assert.equal((await pushManifest(r, 'multi', 'latest', index, MediaType.OciIndex)).status, 201);
    const list = blobOf(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.DockerManifestList, manifests: [{ ...child, mediaType: MediaType.OciManifest }] }));
    assert.equal((await pushManifest(r, 'multi', 'docker', list, MediaType.DockerManifestList)).status, 201);

    const got = await r.call('GET', '/v2/multi/manifests/docker', { headers: { Accept: MediaType.DockerManifestList } });
    assert.equal(got.headers['content-type'], MediaType.DockerManifestList);
    assert.deepEqual(got.body, list.data);
    const refused = await r.call('GET', '/v2/multi/manifests/latest', { headers: { Accept: MediaType.DockerManifest } });
    assert.equal(refused.status, 404);
    assert.equal(refused.code(), 'MANIFEST_UNKNOWN');
    const wildcard = await r.call('GET', '/v2/multi/manifests/latest', { headers: { Accept: '*/*' } });
    assert.equal(wildcard.headers['content-type'], MediaType.OciIndex);
  });
});

test('a Docker schema2 manifest keeps its media type; push by digest with ?tag= sets OCI-Tag', async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage();
    for (const b of [img.config, ...img.layers]) await pushBlob(r, 'dock', b);
    const manifest = blobOf(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.DockerManifest,
        config: { mediaType: MediaType.DockerConfig, digest: img.config.digest, size: img.config.data.length },
        layers: img.layers.map((l) => ({ mediaType: MediaType.DockerLayer, digest: l.digest, size: l.data.length })),
      }),
    );
    const res = await r.call('PUT', `/v2/dock/manifests/${manifest.digest}?tag=1.0&tag=latest`, { body: manifest.data, headers: { 'Content-Type': MediaType.DockerManifest } });
    assert.equal(res.status, 201, res.body.toString());
    assert.equal(res.headers['oci-tag'], '1.0, latest');
    const got = await r.call('GET', '/v2/dock/manifests/1.0', { headers: { Accept: MediaType.DockerManifest } });
    assert.equal(got.headers['content-type'], MediaType.DockerManifest);
    assert.deepEqual(got.body, manifest.data);
  });
});

test('concurrent 1 MB blob pulls all arrive intact', async () => {
  await withRegistry({}, async (r) => {
    const blob = blobOf(Buffer.alloc(1 << 20, 0x5a));
    await pushBlob(r, 'big', blob);
    const results = await Promise.all(Array.from({ length: 16 }, () => r.call('GET', `/v2/big/blobs/${blob.digest}`)));
    for (const res of results) assert.ok(res.status === 200 && res.body.equals(blob.data));
  });
});
