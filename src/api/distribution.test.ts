import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { notFound } from '../errdefs/index.js';
import type { RegistryCall } from '../engine/index.js';
import { type TestServer, startTestServer } from './testing/test-server.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

const lines = (body: Buffer): unknown[] => body.toString().split('\r\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

test('pull streams Docker JSON messages, CRLF-separated, with the reference, auth header and platform handed on', async () => {
  let seen: { ref: string; opts: RegistryCall & { platform?: string; allTags?: boolean } } | undefined;
  srv.fake.distribution.pull = async (ref, opts) => {
    seen = { ref, opts };
    opts.onProgress?.({ status: 'Pulling from library/busybox', id: '1.36' });
    opts.onProgress?.({ status: 'Downloading', progressDetail: { current: 1, total: 2 }, progress: '[=>  ]', id: 'abc' });
  };
  const r = await srv.request('POST', '/v1.47/images/create?fromImage=busybox&tag=1.36&platform=linux/amd64', { headers: { 'X-Registry-Auth': 'e30=' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.match(r.body.toString(), /\r\n$/);
  assert.deepEqual(lines(r.body), [
    { status: 'Pulling from library/busybox', id: '1.36' },
    { status: 'Downloading', progressDetail: { current: 1, total: 2 }, progress: '[=>  ]', id: 'abc' },
  ]);
  assert.equal(seen?.ref, 'docker.io/library/busybox:1.36');
  assert.equal(seen?.opts.registryAuth, 'e30=');
  assert.equal(seen?.opts.platform, 'linux/amd64');
  assert.equal(seen?.opts.allTags, false);
});

test('pull: a name without tag pulls all tags; a digest in tag is a digest', async () => {
  const refs: Array<[string, boolean | undefined]> = [];
  srv.fake.distribution.pull = async (ref, opts) => void refs.push([ref, opts.allTags]);
  assert.equal((await srv.request('POST', '/images/create?fromImage=localhost:5000/team/app')).status, 200);
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.equal((await srv.request('POST', `/images/create?fromImage=localhost:5000/team/app&tag=${digest}`)).status, 200);
  assert.deepEqual(refs, [
    ['localhost:5000/team/app', true],
    [`localhost:5000/team/app@${digest}`, false],
  ]);
});

test('pull: failing before any progress is an HTTP error, after it an error message in the stream', async () => {
  srv.fake.distribution.pull = async () => {
    throw notFound('manifest for busybox:nope not found: manifest unknown: manifest unknown');
  };
  const early = await srv.request('POST', '/images/create?fromImage=busybox&tag=nope');
  assert.equal(early.status, 404);
  assert.equal(early.json<{ message: string }>().message, 'manifest for busybox:nope not found: manifest unknown: manifest unknown');

  srv.fake.distribution.pull = async (_ref, opts) => {
    opts.onProgress?.({ status: 'Pulling fs layer', progressDetail: {}, id: 'abc' });
    throw new Error('connection reset');
  };
  const late = await srv.request('POST', '/images/create?fromImage=busybox&tag=1');
  assert.equal(late.status, 200);
  assert.deepEqual(lines(late.body).at(-1), { errorDetail: { message: 'connection reset' }, error: 'connection reset' });
});

test('push: tag joins the name; a bad tag is refused before any registry', async () => {
  const refs: string[] = [];
  srv.fake.distribution.push = async (ref, opts) => {
    refs.push(ref);
    opts.onProgress?.({ status: 'The push refers to repository [localhost:5000/app]' });
  };
  const r = await srv.request('POST', '/images/localhost:5000/app/push?tag=v1');
  assert.equal(r.status, 200);
  assert.equal((await srv.request('POST', '/images/localhost:5000/app/push')).status, 200);
  assert.deepEqual(refs, ['localhost:5000/app:v1', 'localhost:5000/app']);
  assert.equal((await srv.request('POST', '/images/app/push?tag=bad%20tag')).status, 400);
});

test('auth, distribution inspect and search: shapes and argument checks', async () => {
  srv.fake.distribution.login = async (auth) => {
    assert.equal(auth.username, 'alice');
    return { Status: 'Login Succeeded', IdentityToken: '' };
  };
  const login = await srv.request('POST', '/auth', { body: JSON.stringify({ username: 'alice', password: 'x', serveraddress: 'localhost:5000' }) });
  assert.equal(login.status, 200);
  assert.deepEqual(login.json(), { Status: 'Login Succeeded', IdentityToken: '' });
  assert.equal((await srv.request('POST', '/auth')).status, 400);

  srv.fake.distribution.inspect = async () => ({ Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'b'.repeat(64)}`, size: 10 }, Platforms: [] });
  const inspect = await srv.request('GET', '/distribution/localhost:5000/app:1/json');
  assert.equal(inspect.status, 200);
  assert.equal(inspect.json<{ Descriptor: { size: number } }>().Descriptor.size, 10);

  assert.equal((await srv.request('GET', '/images/search')).status, 400);
  assert.equal((await srv.request('GET', '/images/search?term=x&limit=0')).status, 400);
  srv.fake.distribution.search = async (term, opts) => [{ name: term, description: String(opts.limit), star_count: 1, is_official: false, is_automated: false }];
  const found = await srv.request('GET', '/images/search?term=app&limit=5');
  assert.deepEqual(found.json(), [{ name: 'app', description: '5', star_count: 1, is_official: false, is_automated: false }]);
});
