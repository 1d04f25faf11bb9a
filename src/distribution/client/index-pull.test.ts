import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../errdefs/index.js';
import { MediaType, type Platform } from '../../oci/image.js';
import { blobOf, layerTar, pushBlob, pushManifest, type Blob, type TestRegistry } from '../server/testing/test-registry.js';
import { Events, withClientEnv } from './testing/client-env.js';

interface Pushed {
  manifest: Blob;
  config: Blob;
}

/** A one-layer image for `platform`, pushed by digest. */
async function pushPlatformImage(r: TestRegistry, name: string, platform: Platform): Promise<Pushed> {
  const layer = blobOf(await layerTar({ [`${platform.architecture}.txt`]: `built for ${platform.architecture}\n` }));
  const config = blobOf(JSON.stringify({ ...platform, config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  for (const b of [layer, config]) assert.equal((await pushBlob(r, name, b)).status, 201);
  const manifest = blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: config.digest, size: config.data.length },
      layers: [{ mediaType: MediaType.OciLayer, digest: layer.digest, size: layer.data.length }],
    }),
  );
  assert.equal((await pushManifest(r, name, manifest.digest, manifest, MediaType.OciManifest)).status, 201);
  return { manifest, config };
}

test('an index: the host platform by default (its digest is the repo digest), --platform picks another, no match is not-found', async () => {
  await withClientEnv({}, async (env) => {
    const name = 'multi/app';
    const platforms: Platform[] = [
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'amd64' },
    ];
    const images: Pushed[] = [];
    for (const p of platforms) images.push(await pushPlatformImage(env.registry, name, p));
    const index = blobOf(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciIndex,
        manifests: images.map((img, i) => ({ mediaType: MediaType.OciManifest, digest: img.manifest.digest, size: img.manifest.data.length, platform: platforms[i] })),
      }),
    );
    assert.equal((await pushManifest(env.registry, name, 'v1', index, MediaType.OciIndex)).status, 201);
    const ref = `${env.domain}/${name}:v1`;
    const [arm, amd] = images as [Pushed, Pushed];

    const host = await env.engine('host', { platform: { os: 'linux', architecture: 'amd64' } });
    const ev = new Events();
    const [pulled] = await host.client.pull(ref, { onProgress: ev.sink });
    assert.equal(pulled?.image.id, amd.config.digest);
    assert.equal(pulled?.digest, index.digest);
    assert.equal(pulled?.image.index?.digest, index.digest);
    assert.deepEqual(pulled?.image.repoDigests, [`${env.domain}/${name}@${index.digest}`]);
    assert.ok(ev.lines().includes(`Digest: ${index.digest}`));

    const other = await env.engine('other', { platform: { os: 'linux', architecture: 'amd64' } });
    const [armPulled] = await other.client.pull(ref, { platform: 'linux/aarch64' });
    assert.equal(armPulled?.image.id, arm.config.digest, 'aarch64 is arm64, v8 its default variant');
    assert.equal((await other.images.config(armPulled?.image as NonNullable<typeof armPulled>['image'])).architecture, 'arm64');

    await assert.rejects(other.client.pull(ref, { platform: 'linux/s390x' }), (err: unknown) => isNotFound(err) && (err as Error).message === 'no matching manifest for linux/s390x in the manifest list entries');

    const inspect = await other.client.remoteManifest(ref);
    assert.deepEqual(inspect.Descriptor, { mediaType: MediaType.OciIndex, digest: index.digest, size: index.data.length });
    assert.deepEqual(inspect.Platforms, platforms);
    const single = await other.client.remoteManifest(`${env.domain}/${name}@${amd.manifest.digest}`);
    assert.deepEqual(single.Platforms, [{ os: 'linux', architecture: 'amd64' }]);
  });
});
