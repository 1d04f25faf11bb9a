/**
 * Interoperability with a real client: skopeo (containers/image) pushes, inspects,
 * lists, pulls and deletes through the registry, anonymously and with bearer tokens.
 * Skipped where skopeo is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { MediaType } from '../../oci/image.js';
import { encoded } from '../../util/digest.js';
import { tinyImage, withRegistry, type TinyImage } from './testing/test-registry.js';
import { withTempDir } from '../../../test/support/temp-dir.js';

const run = promisify(execFile);
const SKOPEO = ['/usr/bin/skopeo', '/usr/local/bin/skopeo'].find((p) => existsSync(p));

async function skopeo(dir: string, ...args: string[]): Promise<string> {
  // A private auth file and --insecure-policy keep the test independent of the host's containers config.
  const { stdout } = await run(SKOPEO as string, ['--insecure-policy', ...args], { env: { ...process.env, REGISTRY_AUTH_FILE: join(dir, 'auth.json'), HOME: dir } });
  return stdout;
}

async function ociLayout(dir: string, image: TinyImage, tag: string): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const b of [image.config, ...image.layers, image.manifest]) await writeFile(join(dir, 'blobs', 'sha256', encoded(b.digest)), b.data);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const descriptor = { mediaType: MediaType.OciManifest, digest: image.manifest.digest, size: image.manifest.data.length, annotations: { 'org.opencontainers.image.ref.name': tag } };
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [descriptor] }));
}

test('skopeo copies an image into the registry and back out unchanged, lists tags, deletes', { skip: SKOPEO ? false : 'skopeo is not installed' }, async () => {
  await withRegistry({}, async (r) => {
    const img = await tinyImage('skopeo');
    const src = join(r.dir, 'src');
    await ociLayout(src, img, 'v1');
    const ref = `docker://${r.server.host}:${r.server.port}/interop/tiny`;
    await skopeo(r.dir, 'copy', '--preserve-digests', '--dest-tls-verify=false', `oci:${src}:v1`, `${ref}:v1`);

    const inspect = JSON.parse(await skopeo(r.dir, 'inspect', '--tls-verify=false', `${ref}:v1`)) as { Digest: string; Layers: string[] };
    assert.equal(inspect.Digest, img.manifest.digest, 'stored byte for byte');
    assert.deepEqual(inspect.Layers, img.layers.map((l) => l.digest));

    await skopeo(r.dir, 'copy', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', `${ref}:v1`, `${ref}:v2`);
    const tags = JSON.parse(await skopeo(r.dir, 'list-tags', '--tls-verify=false', ref)) as { Tags: string[] };
    assert.deepEqual(tags.Tags.sort(), ['v1', 'v2']);

    const out = join(r.dir, 'out');
    await skopeo(r.dir, 'copy', '--preserve-digests', '--src-tls-verify=false', `${ref}:v1`, `oci:${out}:v1`);
    for (const b of [img.config, ...img.layers, img.manifest]) assert.deepEqual(await readFile(join(out, 'blobs', 'sha256', encoded(b.digest))), b.data);

    await skopeo(r.dir, 'delete', '--tls-verify=false', `${ref}:v1`);
    assert.equal((await r.call('GET', '/v2/interop/tiny/manifests/v2')).status, 404, 'skopeo deletes by digest, taking every tag');
  });
});

test('skopeo follows the bearer challenge to /token with credentials', { skip: SKOPEO ? false : 'skopeo is not installed' }, async () => {
  await withTempDir(async (dir) => {
    const htpasswd = join(dir, 'htpasswd');
    await writeFile(htpasswd, `alice:${bcrypt.hashSync('alice-pw', 4)}\n`);
    await withRegistry({ auth: { htpasswd, token: { realm: 'self' } } }, async (r) => {
      const img = await tinyImage('token');
      const src = join(r.dir, 'src');
      await ociLayout(src, img, 'v1');
      const ref = `docker://${r.server.host}:${r.server.port}/alice/tiny:v1`;
      await assert.rejects(skopeo(r.dir, 'copy', '--preserve-digests', '--dest-tls-verify=false', `oci:${src}:v1`, ref), 'no credentials, no push');
      await skopeo(r.dir, 'copy', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', 'alice:alice-pw', `oci:${src}:v1`, ref);
      const inspect = JSON.parse(await skopeo(r.dir, 'inspect', '--tls-verify=false', '--creds', 'alice:alice-pw', ref)) as { Digest: string };
      assert.equal(inspect.Digest, img.manifest.digest);
    });
  });
});
