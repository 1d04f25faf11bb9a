import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInvalidArgument } from '../../errdefs/index.js';
import { credentialsOf, decodeRegistryAuth, dockerConfigCredentials, dockerConfigDir, eraseDockerCredentials, storeDockerCredentials } from './auth-config.js';

test('X-Registry-Auth: base64url JSON, standard base64 too, empty means none', () => {
  const header = Buffer.from(JSON.stringify({ username: 'al~ce', password: 'p?>w', serveraddress: 'localhost:5000' })).toString('base64url');
  assert.deepEqual(decodeRegistryAuth(header), { username: 'al~ce', password: 'p?>w', serveraddress: 'localhost:5000' });
  assert.deepEqual(decodeRegistryAuth(Buffer.from('{"Username":"bob","IdentityToken":"tok"}').toString('base64')), { username: 'bob', identitytoken: 'tok' });
  assert.equal(decodeRegistryAuth(undefined), undefined);
  assert.equal(credentialsOf(decodeRegistryAuth('e30=')), undefined, 'the CLI sends {} when it has nothing');
  assert.throws(() => decodeRegistryAuth('not json!'), isInvalidArgument);
  assert.deepEqual(credentialsOf({ auth: Buffer.from('u:p:w').toString('base64') }), { username: 'u', password: 'p:w' });
});

test("config.json auths: read by domain (Docker Hub's URL key, legacy URL keys), stored 0600 keeping other settings, erased", async () => {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: dir }), dir);
    assert.equal(dockerConfigDir({ HOME: '/home/x' }), '/home/x/.docker');
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') }, 'http://old.example:5000/v1/': { auth: b64('old:pw') } }, psFormat: 'table {{.ID}}' }));
    const lookup = dockerConfigCredentials(dir);
    assert.deepEqual(await lookup('docker.io'), { username: 'hub', password: 'pw' });
    assert.deepEqual(await lookup('old.example:5000'), { username: 'old', password: 'pw' });
    assert.equal(await lookup('localhost:5000'), undefined);

    await storeDockerCredentials('localhost:5000', { username: 'alice', password: 'secret' }, dir);
    assert.deepEqual(await lookup('localhost:5000'), { username: 'alice', password: 'secret' });
    const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }>; psFormat: string };
    assert.equal(saved.auths['localhost:5000']?.auth, b64('alice:secret'));
    assert.equal(saved.psFormat, 'table {{.ID}}');
    assert.equal((await stat(join(dir, 'config.json'))).mode & 0o777, 0o600);

    assert.equal(await eraseDockerCredentials('http://localhost:5000/', dir), true);
    assert.equal(await eraseDockerCredentials('localhost:5000', dir), false);
    assert.equal(await lookup('localhost:5000'), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
