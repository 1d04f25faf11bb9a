import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import type { AccessConfig } from './auth/access.js';
import { signToken } from './auth/token.js';
import { blobOf, pushBlob, pushImage, request, tinyImage, withRegistry, type TestRegistry } from './testing/test-registry.js';
import { withTempDir } from '../../../test/support/temp-dir.js';

const USERS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' };
const ACCESS: AccessConfig = {
  anonymous: { 'public/**': ['pull'] },
  users: {
    alice: { 'alice/**': ['*'], 'public/**': ['pull', 'push'], _catalog: ['*'] },
    bob: { 'alice/**': ['pull'] },
    carol: { 'carol/**': ['pull', 'push'] },
  },
};
const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

function basic(user: keyof typeof USERS, password = USERS[user]): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function htpasswdFile(dir: string): Promise<string> {
  const path = join(dir, 'htpasswd');
  // Cost 4 keeps the test quick; $2y$ is what Apache's htpasswd -B writes.
  const lines = Object.entries(USERS).map(([u, p]) => `${u}:${bcrypt.hashSync(p, 4).replace(/^\$2b\$/, '$2y$')}`);
  await writeFile(path, `# users\n${lines.join('\n')}\n`);
  return path;
}

async function withAuthRegistry(mode: 'basic' | 'token', fn: (r: TestRegistry) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const htpasswd = await htpasswdFile(dir);
    const token = mode === 'token' ? { realm: 'self', secret: SECRET } : undefined;
    await withRegistry({ auth: { htpasswd, access: ACCESS, token } }, fn);
  });
}

async function tokenFor(r: TestRegistry, scope: string, creds: Record<string, string> = {}): Promise<string> {
  const res = await r.call('GET', `/token?service=wharf-registry&scope=${encodeURIComponent(scope)}`, { headers: creds });
  assert.equal(res.status, 200, res.body.toString());
  const body = res.json<{ token: string; access_token: string; expires_in: number; issued_at: string }>();
  assert.equal(body.access_token, body.token);
  assert.equal(body.expires_in, 300);
  return body.token;
}

function claimsOf(token: string): { sub: string; access: Array<{ name: string; actions: string[] }> } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

test('basic auth: challenge, bad password, per-repository pull/push/delete, catalog, anonymous rules', async () => {
  await withAuthRegistry('basic', async (r) => {
    const ping = await r.call('GET', '/v2/');
    assert.equal(ping.status, 401);
    assert.equal(ping.code(), 'UNAUTHORIZED');
    assert.equal(ping.headers['www-authenticate'], 'Basic realm="Wharf Registry"');
    assert.equal(ping.headers['docker-distribution-api-version'], 'registry/2.0');
    assert.equal((await r.call('GET', '/v2/', { headers: basic('alice', 'wrong') })).status, 401);
    assert.equal((await r.call('GET', '/v2/', { headers: basic('alice') })).status, 200);

    const img = await tinyImage();
    assert.equal((await pushImage(r, 'alice/app', 'v1', img, basic('alice'))).status, 201);
    assert.equal((await r.call('GET', '/v2/alice/app/manifests/v1', { headers: basic('bob') })).status, 200);
    const bobPush = await pushBlob(r, 'alice/app', blobOf('bob was here'), basic('bob'));
    assert.equal(bobPush.status, 403);
    assert.equal(bobPush.code(), 'DENIED');
    assert.equal((await r.call('DELETE', `/v2/alice/app/manifests/${img.manifest.digest}`, { headers: basic('bob') })).code(), 'DENIED');
    assert.equal((await r.call('GET', '/v2/alice/app/tags/list')).status, 401, 'anonymous users may not pull alice/');

    assert.equal((await pushImage(r, 'public/base', 'v1', img, basic('alice'))).status, 201);
    assert.equal((await r.call('GET', '/v2/public/base/manifests/v1')).status, 200, 'anonymous pulls of public/ work');
    assert.equal((await r.call('GET', '/v2/_catalog', { headers: basic('alice') })).status, 200);
    assert.equal((await r.call('GET', '/v2/_catalog', { headers: basic('bob') })).code(), 'DENIED');
  });
});

test('bearer tokens: challenge with scope, token endpoint, scoped grants, insufficient scope', async () => {
  await withAuthRegistry('token', async (r) => {
    const ping = await r.call('GET', '/v2/');
    assert.equal(ping.status, 401);
    assert.equal(ping.headers['www-authenticate'], `Bearer realm="${r.server.url}/token",service="wharf-registry"`);
    const tags = await r.call('GET', '/v2/alice/app/tags/list');
    assert.equal(tags.headers['www-authenticate'], `Bearer realm="${r.server.url}/token",service="wharf-registry",scope="repository:alice/app:pull"`);

    const aliceToken = await tokenFor(r, 'repository:alice/app:pull,push', basic('alice'));
    assert.deepEqual(claimsOf(aliceToken).access, [{ type: 'repository', name: 'alice/app', actions: ['pull', 'push'] }]);
    assert.equal(claimsOf(aliceToken).sub, 'alice');
    const img = await tinyImage();
    assert.equal((await pushImage(r, 'alice/app', 'v1', img, bearer(aliceToken))).status, 201);
    assert.equal((await r.call('GET', '/v2/', { headers: bearer(aliceToken) })).status, 200);

    // Bob asks for push but is granted only pull: the token works for pulls and is refused for pushes.
    const bobToken = await tokenFor(r, 'repository:alice/app:pull,push', basic('bob'));
    assert.deepEqual(claimsOf(bobToken).access, [{ type: 'repository', name: 'alice/app', actions: ['pull'] }]);
    assert.equal((await r.call('GET', '/v2/alice/app/manifests/v1', { headers: bearer(bobToken) })).status, 200);
    const denied = await r.call('POST', '/v2/alice/app/blobs/uploads/', { headers: bearer(bobToken) });
    assert.equal(denied.status, 401);
    assert.equal(denied.code(), 'UNAUTHORIZED');
    assert.match(String(denied.headers['www-authenticate']), /scope="repository:alice\/app:pull,push",error="insufficient_scope"$/);
    assert.equal((await r.call('GET', '/v2/other/tags/list', { headers: bearer(bobToken) })).status, 401, 'a token is good only for its repositories');

    const anon = await tokenFor(r, 'repository:alice/app:pull');
    assert.deepEqual(claimsOf(anon).access, []);
    assert.equal((await r.call('GET', '/v2/alice/app/manifests/v1', { headers: bearer(anon) })).status, 401);

    const badCreds = await r.call('GET', '/token?service=wharf-registry&scope=repository:alice/app:pull', { headers: basic('alice', 'nope') });
    assert.equal(badCreds.status, 401);
    assert.equal(badCreds.code(), 'UNAUTHORIZED');
    const otherService = await r.call('GET', '/token?service=elsewhere', { headers: basic('alice') });
    assert.equal(otherService.status, 403);
    assert.equal(otherService.code(), 'DENIED');
  });
});

test('bearer tokens: expired, forged and foreign tokens are invalid_token', async () => {
  await withAuthRegistry('token', async (r) => {
    const img = await tinyImage();
    const aliceToken = await tokenFor(r, 'repository:alice/app:pull,push', basic('alice'));
    await pushImage(r, 'alice/app', 'v1', img, bearer(aliceToken));
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'wharf-registry', sub: 'alice', aud: 'wharf-registry', jti: 'x', access: [{ type: 'repository', name: 'alice/app', actions: ['pull'] }] };
    const expired = signToken({ ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }, SECRET);
    const valid = signToken({ ...claims, iat: now, nbf: now, exp: now + 3600 }, SECRET);
    const forged = signToken({ ...claims, iat: now, nbf: now, exp: now + 3600 }, Buffer.from('not the secret'));
    const foreign = signToken({ ...claims, aud: 'another-registry', iat: now, nbf: now, exp: now + 3600 }, SECRET);
    assert.equal((await r.call('GET', '/v2/alice/app/manifests/v1', { headers: bearer(valid) })).status, 200, 'the same claims, unexpired, work');
    for (const token of [expired, forged, foreign, 'not.a.jwt', 'garbage']) {
      const res = await r.call('GET', '/v2/alice/app/manifests/v1', { headers: bearer(token) });
      assert.equal(res.status, 401);
      assert.equal(res.code(), 'UNAUTHORIZED');
      assert.match(String(res.headers['www-authenticate']), /error="invalid_token"$/);
    }
  });
});

test('mounting needs pull on the source repository, else the client just uploads', async () => {
  await withAuthRegistry('basic', async (r) => {
    const blob = blobOf('alice only');
    await pushBlob(r, 'alice/app', blob, basic('alice'));
    const mount = await r.call('POST', `/v2/carol/app/blobs/uploads/?mount=${blob.digest}&from=alice/app`, { headers: basic('carol') });
    assert.equal(mount.status, 202);
    assert.equal((await r.call('GET', `/v2/carol/app/blobs/${blob.digest}`, { headers: basic('carol') })).status, 404);
    const allowed = await r.call('POST', `/v2/alice/copy/blobs/uploads/?mount=${blob.digest}&from=alice/app`, { headers: basic('alice') });
    assert.equal(allowed.status, 201);
  });
});

test('TLS: the registry serves HTTPS with the given certificate and key', async () => {
  await withTempDir(async (dir) => {
    const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath,
    ]);
    const [cert, key] = [await readFile(certPath), await readFile(keyPath)];
    await withRegistry({ tls: { cert, key } }, async (r) => {
      assert.match(r.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await request(r.server.url, 'GET', '/v2/', { ca: cert });
      assert.equal(res.status, 200);
      const blob = blobOf('over tls');
      const put = await request(r.server.url, 'POST', `/v2/secure/blobs/uploads/?digest=${blob.digest}`, { ca: cert, body: blob.data });
      assert.equal(put.status, 201);
      await assert.rejects(request(r.server.url, 'GET', '/v2/'), 'an untrusted certificate is refused by clients');
    });
  });
});
