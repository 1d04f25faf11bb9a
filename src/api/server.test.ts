/** HTTP-level tests of the plain (non-streaming) endpoints against the fake services. */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { after, before, test } from 'node:test';
import { isKind } from '../errdefs/index.js';
import { createFakeServices } from './testing/fake-services.js';
import { createApiServer } from './server.js';
import { type TestServer, startTestServer } from './testing/test-server.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

const createBusybox = async (name: string, cmd: string[] = ['cat']): Promise<string> => {
  const r = await srv.request('POST', `/v1.47/containers/create?name=${name}`, { body: JSON.stringify({ Image: 'busybox', Cmd: cmd }) });
  assert.equal(r.status, 201, r.body.toString());
  return r.json<{ Id: string }>().Id;
};

test('the socket is a 0660 unix socket', async () => {
  const st = await fs.stat(srv.socketPath);
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o660);
});

test('listen replaces a stale socket but refuses to remove anything else', async () => {
  const path = `${srv.dir}/stale.sock`;
  // A socket file left by a dead daemon: something else bound it first.
  const squatter = createNetServer();
  await new Promise<void>((r) => squatter.listen(path, r));
  const api = createApiServer(createFakeServices());
  try {
    await api.listen(path);
    const ping = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ socketPath: path, path: '/_ping', agent: false }, (res) => {
        res.setEncoding('utf8');
        let body = '';
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(ping, 'OK');
  } finally {
    await api.close();
    await new Promise<void>((r) => squatter.close(() => r()));
  }
  const file = `${srv.dir}/regular`;
  await fs.writeFile(file, 'keep me');
  const refused = createApiServer(createFakeServices());
  await assert.rejects(refused.listen(file), (err) => isKind(err, 'invalid-argument'));
  assert.equal(await fs.readFile(file, 'utf8'), 'keep me');
});

test('ping answers OK with the standard and ping headers, for GET and HEAD', async () => {
  const r = await srv.request('GET', '/_ping');
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), 'OK');
  assert.equal(r.headers['api-version'], '1.47');
  assert.equal(r.headers['docker-experimental'], 'false');
  assert.equal(r.headers['ostype'], 'linux');
  assert.equal(r.headers['server'], 'Wharf/0.1.0 (linux)');
  assert.equal(r.headers['builder-version'], '1');
  const head = await srv.request('HEAD', '/v1.44/_ping');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(head.headers['api-version'], '1.47');
});

test('version negotiation: too old and too new are 400 with Docker messages', async () => {
  const old = await srv.request('GET', '/v1.12/version');
  assert.equal(old.status, 400);
  assert.equal(
    old.json<{ message: string }>().message,
    'client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version',
  );
  assert.equal(old.headers['api-version'], '1.47');
  const young = await srv.request('GET', '/v1.99/version');
  assert.equal(young.status, 400);
  assert.equal(young.json<{ message: string }>().message, 'client version 1.99 is too new. Maximum supported API version is 1.47');
  assert.equal((await srv.request('GET', '/v1.24/version')).status, 200);
  assert.equal((await srv.request('GET', '/version')).status, 200);
});

test('unknown routes and wrong methods are 404 page not found', async () => {
  for (const [method, path] of [
    ['GET', '/nope'],
    ['POST', '/v1.47/info'],
    ['PATCH', '/containers/x/json'],
    ['GET', '/containers/x/start'],
  ]) {
    const r = await srv.request(method, path);
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.deepEqual(r.json(), { message: 'page not found' });
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['api-version'], '1.47');
  }
});

test('create: 201 with the id; name and body reach the service', async () => {
  const id = await createBusybox('web');
  assert.match(id, /^[0-9a-f]{64}$/);
  const call = srv.fake.calls.find((c) => c.method === 'containers.create' && c.args[0] === 'web');
  assert.ok(call);
  assert.equal((call.args[1] as { Image: string }).Image, 'busybox');
});

test('create: malformed JSON, empty body, null and a wrong Content-Type are 400', async () => {
  const bad = await srv.request('POST', '/containers/create', { body: '{"Image": "busybox",' });
  assert.equal(bad.status, 400);
  assert.match(bad.json<{ message: string }>().message, /^invalid JSON: /);
  const empty = await srv.request('POST', '/containers/create', { headers: { 'Content-Type': 'application/json' } });
  assert.equal(empty.status, 400);
  assert.equal(empty.json<{ message: string }>().message, 'invalid JSON: got EOF while reading request body');
  const nul = await srv.request('POST', '/containers/create', { body: 'null' });
  assert.equal(nul.status, 400);
  assert.equal(nul.json<{ message: string }>().message, 'config cannot be empty in order to create a container');
  const text = await srv.request('POST', '/containers/create', { body: '{}', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(text.status, 400);
  assert.equal(text.json<{ message: string }>().message, "unsupported Content-Type header (text/plain): must be 'application/json'");
  const array = await srv.request('POST', '/containers/create', { body: '[]' });
  assert.equal(array.status, 400);
});

test('create: service errors map to their status (404 no such image, 409 name in use)', async () => {
  const missing = await srv.request('POST', '/containers/create', { body: JSON.stringify({ Image: 'nosuch' }) });
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ message: string }>().message, 'No such image: nosuch:latest');
  await createBusybox('dup');
  const dup = await srv.request('POST', '/containers/create?name=dup', { body: JSON.stringify({ Image: 'busybox' }) });
  assert.equal(dup.status, 409);
});

test('create: fields older API versions lacked are dropped, refused combinations are 400', async () => {
  const body = { Image: 'busybox', HostConfig: { AutoRemove: true, PidsLimit: -1, Annotations: { a: 'b' } } };
  assert.equal((await srv.request('POST', '/v1.24/containers/create?name=old', { body: JSON.stringify(body) })).status, 201);
  const sent = srv.fake.calls.find((c) => c.method === 'containers.create' && c.args[0] === 'old')?.args[1] as { HostConfig: Record<string, unknown> };
  assert.equal(sent.HostConfig['AutoRemove'], false);
  assert.equal(sent.HostConfig['PidsLimit'], null);
  assert.equal(sent.HostConfig['Annotations'], undefined);
  const mismatch = { Image: 'busybox', HostConfig: { Mounts: [{ Type: 'bind', Source: '/a', Target: '/b', TmpfsOptions: { SizeBytes: 1 } }] } };
  const r = await srv.request('POST', '/containers/create', { body: JSON.stringify(mismatch) });
  assert.equal(r.status, 400);
  assert.equal(r.json<{ message: string }>().message, 'TmpfsOptions must not be specified on mount type "bind"');
});

test('inspect by name with and without the leading slash, percent-encoded too', async () => {
  const id = await createBusybox('named');
  for (const path of ['/containers/named/json', '/containers//named/json', '/containers/%2Fnamed/json', `/containers/${id.slice(0, 12)}/json`]) {
    const r = await srv.request('GET', path);
    assert.equal(r.status, 200, path);
    assert.equal(r.json<{ Id: string }>().Id, id);
  }
  const missing = await srv.request('GET', '/containers/ghost/json');
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ message: string }>().message, 'No such container: ghost');
});

test('list passes all, limit, size and filters', async () => {
  const filters = encodeURIComponent(JSON.stringify({ status: { exited: true } }));
  const r = await srv.request('GET', `/containers/json?all=1&limit=5&size=true&filters=${filters}`);
  assert.equal(r.status, 200);
  assert.ok(Array.isArray(r.json()));
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.list').pop()?.args[0], { all: true, size: true, limit: 5, filters: { status: ['exited'] } });
  assert.equal((await srv.request('GET', '/containers/json?filters=%7B')).status, 400);
  assert.equal((await srv.request('GET', '/containers/json?limit=x')).status, 400);
});

test('start 204, then 304 with an empty body; stop of a stopped container 304', async () => {
  await createBusybox('life');
  const first = await srv.request('POST', '/containers/life/start');
  assert.equal(first.status, 204);
  const again = await srv.request('POST', '/containers/life/start');
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal((await srv.request('POST', '/containers/life/stop?t=1&signal=SIGINT')).status, 204);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.stop').pop()?.args, ['life', { signal: 'SIGINT', timeout: 1 }]);
  assert.equal((await srv.request('POST', '/containers/life/stop')).status, 304);
  assert.equal((await srv.request('POST', '/containers/life/stop?t=soon')).status, 400);
});

test('stop before API 1.42 ignores signal', async () => {
  await createBusybox('oldstop');
  await srv.request('POST', '/containers/oldstop/start');
  assert.equal((await srv.request('POST', '/v1.41/containers/oldstop/stop?signal=SIGINT')).status, 204);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.stop').pop()?.args[1], { signal: undefined, timeout: undefined });
});

test('start with a legacy config body is refused', async () => {
  await createBusybox('legacy');
  const r = await srv.request('POST', '/containers/legacy/start', { body: JSON.stringify({ Binds: ['/a:/b'] }) });
  assert.equal(r.status, 400);
  assert.match(r.json<{ message: string }>().message, /removed in v1\.24/);
});

test('kill a stopped container: 409 with the message prefixed as Docker does', async () => {
  const id = await createBusybox('dead');
  const r = await srv.request('POST', '/containers/dead/kill?signal=KILL');
  assert.equal(r.status, 409);
  assert.equal(r.json<{ message: string }>().message, `cannot kill container: dead: Container ${id} is not running`);
});

test('pause, unpause, rename, resize, top, changes, update, remove, prune, commit', async () => {
  await createBusybox('misc');
  assert.equal((await srv.request('POST', '/containers/misc/pause')).status, 204);
  assert.equal((await srv.request('POST', '/containers/misc/unpause')).status, 204);
  assert.equal((await srv.request('POST', '/containers/misc/resize?h=24&w=80')).status, 200);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.resize').pop()?.args, ['misc', 24, 80]);
  assert.equal((await srv.request('POST', '/containers/misc/resize?h=24')).status, 400);
  const top = await srv.request('GET', '/containers/misc/top?ps_args=aux');
  assert.deepEqual(top.json<{ Titles: string[] }>().Titles, ['PID', 'CMD']);
  assert.equal(srv.fake.calls.filter((c) => c.method === 'containers.top').pop()?.args[1], 'aux');
  assert.deepEqual((await srv.request('GET', '/containers/misc/changes')).json(), [{ Path: '/tmp', Kind: 0 }]);
  const upd = await srv.request('POST', '/containers/misc/update', { body: JSON.stringify({ Memory: 1 << 20, PidsLimit: -1 }) });
  assert.deepEqual(upd.json(), { Warnings: [] });
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.update').pop()?.args[1], { Memory: 1 << 20, PidsLimit: 0 });
  const commit = await srv.request('POST', '/commit?container=misc&repo=snap&tag=1&changes=CMD%20%5B%22sh%22%5D&changes=ENV%20A%3D1');
  assert.equal(commit.status, 201);
  assert.match(commit.json<{ Id: string }>().Id, /^sha256:/);
  const commitOpts = srv.fake.calls.filter((c) => c.method === 'containers.commit').pop()?.args[1] as { pause: boolean; changes: string[]; repo: string };
  assert.equal(commitOpts.pause, true);
  assert.equal(commitOpts.repo, 'snap');
  assert.deepEqual(commitOpts.changes, ['CMD ["sh"]', 'ENV A=1']);
  assert.equal((await srv.request('POST', '/containers/misc/rename?name=misc2')).status, 204);
  assert.equal((await srv.request('GET', '/containers/misc2/json')).status, 200);
  assert.equal((await srv.request('DELETE', '/containers/misc2?force=1&v=true')).status, 204);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.remove').pop()?.args[1], { force: true, volumes: true, link: false });
  assert.equal((await srv.request('DELETE', '/containers/misc2')).status, 404);
  const prune = await srv.request('POST', `/containers/prune?filters=${encodeURIComponent('{"until":["1h"]}')}`);
  assert.deepEqual(prune.json(), { ContainersDeleted: null, SpaceReclaimed: 0 });
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.prune').pop()?.args[0], { until: ['1h'] });
});

test('images: names with registries, slashes and tags route to the right handler', async () => {
  const missing = await srv.request('GET', '/v1.47/images/localhost:5000/a/b:tag/json');
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ message: string }>().message, 'No such image: localhost:5000/a/b:tag');
  const hist = await srv.request('GET', '/images/library/busybox:latest/history');
  assert.equal(hist.json<Array<{ Tags: string[] }>>()[0].Tags[0], 'library/busybox:latest');
  assert.equal((await srv.request('POST', '/images/a/b:1/tag?repo=c/d&tag=2')).status, 201);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'images.tag').pop()?.args, ['a/b:1', 'c/d', '2']);
  const rm = await srv.request('DELETE', '/images/localhost:5000/x:1?force=1&noprune=1');
  assert.deepEqual(rm.json(), [{ Untagged: 'localhost:5000/x:1' }]);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'images.remove').pop()?.args[1], { force: true, noprune: true });
  assert.equal((await srv.request('DELETE', '/images/%20')).status, 400);
  assert.deepEqual((await srv.request('GET', '/images/json?all=1&digests=1')).json(), []);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'images.list').pop()?.args[0], { all: true, digests: true, filters: {} });
  assert.deepEqual((await srv.request('POST', '/images/prune')).json(), { ImagesDeleted: null, SpaceReclaimed: 0 });
});

test('images: save one or many as a tarball', async () => {
  const many = await srv.request('GET', '/images/get?names=busybox&names=a/b:1');
  assert.equal(many.headers['content-type'], 'application/x-tar');
  assert.equal(many.body.toString(), 'saved:busybox,a/b:1');
  assert.equal((await srv.request('GET', '/images/localhost:5000/a/b:1/get')).body.toString(), 'saved:localhost:5000/a/b:1');
});

test('images: load streams Docker JSON messages; a failure is reported in band', async () => {
  const ok = await srv.request('POST', '/images/load?quiet=1', { body: 'tar-bytes', headers: { 'Content-Type': 'application/x-tar' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'application/json');
  assert.equal(ok.body.toString(), '{"stream":"Loaded image: busybox:latest\\n"}\r\n');
  const bad = await srv.request('POST', '/images/load', { body: '', headers: { 'Content-Type': 'application/x-tar' } });
  assert.equal(bad.status, 200);
  assert.deepEqual(JSON.parse(bad.body.toString()), { errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' });
});

test('images: import from the body with repo, tag, message and changes', async () => {
  const r = await srv.request('POST', '/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22sh%22%5D', {
    body: 'rootfs-tar',
    headers: { 'Content-Type': 'application/x-tar' },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), `{"status":"sha256:${'b'.repeat(64)}"}\r\n`);
  assert.equal(srv.fake.uploads.at(-1)?.toString(), 'rootfs-tar');
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'images.import').pop()?.args[0], {
    repo: 'busybox',
    tag: 'latest',
    message: 'Imported from -',
    changes: ['CMD ["sh"]'],
    platform: undefined,
  });
  assert.equal((await srv.request('POST', '/images/create?fromSrc=http://example.com/x.tar')).status, 501);
});

test('images: pulling answers as an offline Docker does', async () => {
  const r = await srv.request('POST', '/images/create?fromImage=docker.io/library/nosuch&tag=latest');
  assert.equal(r.status, 404);
  assert.equal(r.json<{ message: string }>().message, "pull access denied for nosuch, repository does not exist or may require 'docker login'");
  const registry = await srv.request('POST', '/images/create?fromImage=localhost:5000/team/app:1');
  assert.equal(r.status, 404);
  assert.match(registry.json<{ message: string }>().message, /^pull access denied for localhost:5000\/team\/app,/);
  assert.equal((await srv.request('POST', '/images/create?fromImage=UPPER')).status, 400);
  assert.equal((await srv.request('POST', '/images/create?fromImage=busybox&tag=bad%20tag')).status, 400);
});

test('system: version, info, df', async () => {
  assert.equal((await srv.request('GET', '/version')).json<{ ApiVersion: string }>().ApiVersion, '1.47');
  assert.equal((await srv.request('GET', '/info')).json<{ ID: string }>().ID, 'fake');
  assert.ok('LayersSize' in (await srv.request('GET', '/system/df')).json<object>());
});

test('exec: create 201, no command 400, inspect, resize, detached start 200 empty', async () => {
  await createBusybox('ex');
  const none = await srv.request('POST', '/containers/ex/exec', { body: JSON.stringify({ Cmd: [] }) });
  assert.equal(none.status, 400);
  assert.equal(none.json<{ message: string }>().message, 'No exec command specified');
  const created = await srv.request('POST', '/containers/ex/exec', { body: JSON.stringify({ Cmd: ['ls'] }) });
  assert.equal(created.status, 201);
  const { Id } = created.json<{ Id: string }>();
  assert.equal((await srv.request('GET', `/exec/${Id}/json`)).json<{ ID: string }>().ID, Id);
  assert.equal((await srv.request('POST', `/exec/${Id}/resize?h=10&w=20`)).status, 200);
  const started = await srv.request('POST', `/exec/${Id}/start`, { body: JSON.stringify({ Detach: true, Tty: false }) });
  assert.equal(started.status, 200);
  assert.equal(started.body.length, 0);
  assert.equal((await srv.request('POST', '/exec/nope/start', { body: '{"Detach":true}' })).status, 404);
});
