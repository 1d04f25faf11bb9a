import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importImage, withClientEnv } from './testing/client-env.js';

test('a loopback registry serving HTTPS with a self-signed certificate is used over HTTPS, unverified, as Docker does', async () => {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=wharf-test', '-keyout', keyPath, '-out', certPath,
    ]);
    await withClientEnv({ tls: { cert: await readFile(certPath), key: await readFile(keyPath) } }, async (env) => {
      assert.match(env.registry.server.url, /^https:/);
      const a = await env.engine('a');
      const ref = `${env.domain}/secure/app:v1`;
      const rec = await importImage(a, ref, { 'tls.txt': 'over tls\n' });
      await a.client.push(ref);
      const b = await env.engine('b');
      const [pulled] = await b.client.pull(ref);
      assert.equal(pulled?.image.id, rec.id);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
