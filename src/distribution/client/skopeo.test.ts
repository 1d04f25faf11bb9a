/**
 * Interoperability with a real client (skopeo, containers/image): it pushes an
 * image Wharf pulls, and pulls one Wharf pushed. Skipped where skopeo is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MediaType } from '../../oci/image.js';
import { encoded } from '../../util/digest.js';
import { tinyImage } from '../server/testing/test-registry.js';
import { importImage, withClientEnv } from './testing/client-env.js';

const run = promisify(execFile);
const SKOPEO = ['/usr/bin/skopeo', '/usr/local/bin/skopeo'].find((p) => existsSync(p));
const skip = SKOPEO ? false : 'skopeo is not installed';

async function skopeo(dir: string, ...args: string[]): Promise<string> {
  // A private auth file and --insecure-policy keep the test independent of the host's containers config.
  const { stdout } = await run(SKOPEO as string, ['--insecure-policy', ...args], { env: { ...process.env, REGISTRY_AUTH_FILE: join(dir, 'auth.json'), HOME: dir } });
  return stdout;
}

test('Wharf pulls what skopeo pushed', { skip }, async () => {
  await withClientEnv({}, async (env) => {
    const img = await tinyImage('skopeo');
    const layout = join(env.scratch.dir, 'layout');
    await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
    for (const b of [img.config, ...img.layers, img.manifest]) await writeFile(join(layout, 'blobs', 'sha256', encoded(b.digest)), b.data);
    await writeFile(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const desc = { mediaType: MediaType.OciManifest, digest: img.manifest.digest, size: img.manifest.data.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } };
    await writeFile(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [desc] }));
    await skopeo(env.scratch.dir, 'copy', '--preserve-digests', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${env.domain}/interop/tiny:v1`);

    const e = await env.engine('e');
    const [pulled] = await e.client.pull(`${env.domain}/interop/tiny:v1`);
    assert.equal(pulled?.image.id, img.config.digest);
    assert.equal(pulled?.digest, img.manifest.digest);
    const upper = (await e.images.layerDirs(await e.images.resolve(`${env.domain}/interop/tiny:v1`)))?.upper ?? '/nonexistent';
    assert.equal(await readFile(join(upper, 'skopeo-2.txt'), 'utf8'), 'two skopeo\n');
  });
});

test('skopeo pulls what Wharf pushed, with the same digest', { skip }, async () => {
  await withClientEnv({}, async (env) => {
    const e = await env.engine('e');
    const ref = `${env.domain}/interop/pushed:v1`;
    const rec = await importImage(e, ref, { 'hello.txt': 'hello\n' });
    const [pushed] = await e.client.push(ref);
    const inspect = JSON.parse(await skopeo(env.scratch.dir, 'inspect', '--tls-verify=false', `docker://${ref}`)) as { Digest: string; Layers: string[] };
    assert.equal(inspect.Digest, pushed?.digest);
    const out = join(env.scratch.dir, 'out');
    await skopeo(env.scratch.dir, 'copy', '--preserve-digests', '--src-tls-verify=false', `docker://${ref}`, `oci:${out}:v1`);
    assert.ok(existsSync(join(out, 'blobs', 'sha256', encoded(rec.id))), 'the config came down under its digest');
  });
});
