import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'tar-stream';
import { Daemon } from '../support/daemon.js';
import { http } from '../support/http.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

function tarOf(entries: Array<{ name: string; type?: 'file' | 'symlink' | 'link' | 'directory'; linkname?: string; body?: string }>): Promise<Buffer> {
  const p = pack();
  for (const e of entries) p.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname, mode: 0o755 }, e.body ?? '');
  p.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    p.on('data', (b: unknown) => {
      chunks.push(b as Buffer);
    });
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function containerCount(): Promise<number> {
  return JSON.parse((await http(d.socket, 'GET', '/containers/json?all=1')).body).length;
}

test('malformed JSON and wrong types are 400 and create nothing', async () => {
  const before = await containerCount();
  const bad = await http(d.socket, 'POST', '/containers/create', '{"Image": "busybox",');
  assert.equal(bad.status, 400);
  assert.ok(JSON.parse(bad.body).message.length > 0);
  const wrongType = await http(d.socket, 'POST', '/containers/create', '{"Image": 5}');
  assert.equal(wrongType.status, 400, wrongType.body);
  assert.equal(await containerCount(), before);
});

test('bad names and references: 400; missing things: 404', async () => {
  const badName = await http(d.socket, 'POST', '/containers/create?name=no%20spaces', JSON.stringify({ Image: 'busybox' }));
  assert.equal(badName.status, 400, badName.body);
  assert.match(JSON.parse(badName.body).message, /Invalid container name/);
  const badRef = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'upper/Case' }));
  assert.equal(badRef.status, 400, badRef.body);
  assert.match(JSON.parse(badRef.body).message, /invalid reference format/);
  const noImage = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'nosuchimage:1' }));
  assert.equal(noImage.status, 404);
  assert.match(JSON.parse(noImage.body).message, /No such image: nosuchimage:1/);
  const noContainer = await http(d.socket, 'GET', '/containers/nosuch/json');
  assert.equal(noContainer.status, 404);
  assert.equal(JSON.parse(noContainer.body).message, 'No such container: nosuch');
  assert.equal((await http(d.socket, 'GET', '/images/nosuch:1/json')).status, 404);
  assert.equal((await http(d.socket, 'POST', '/images/busybox/tag?repo=Bad%20Repo')).status, 400);
  assert.equal(await containerCount(), 0);
});

test('API versions: prefixed routes, too old refused, unknown route 404', async () => {
  assert.equal((await http(d.socket, 'GET', '/v1.24/version')).status, 200);
  const old = await http(d.socket, 'GET', '/v1.12/version');
  assert.equal(old.status, 400);
  assert.match(JSON.parse(old.body).message, /too old/);
  assert.equal((await http(d.socket, 'GET', '/no/such/route')).status, 404);
  const ping = await http(d.socket, 'GET', '/_ping');
  assert.equal(ping.body, 'OK');
  assert.ok(ping.headers['api-version']);
});

test('the socket is not world-writable', async () => {
  const { stat } = await import('node:fs/promises');
  assert.equal((await stat(d.socket)).mode & 0o777, 0o660);
});

test('hostile tar layers never write outside the image or container', async () => {
  const marker = `/tmp/wharf-escape-${process.pid}`;
  const hostile = await tarOf([
    { name: 'bin/', type: 'directory' },
    { name: `../../../../../../..${marker}-dotdot`, body: 'x' },
    { name: `${marker}-abs`, body: 'x' },
    { name: 'evil', type: 'symlink', linkname: '/tmp' },
    { name: `evil/wharf-escape-${process.pid}-symlink`, body: 'x' },
    { name: 'hard', type: 'link', linkname: '../../../../../etc/passwd' },
  ]);
  const imported = await http(d.socket, 'POST', '/images/create?fromSrc=-&repo=hostile&tag=1', hostile, { 'Content-Type': 'application/x-tar' });
  const { access } = await import('node:fs/promises');
  for (const suffix of ['-dotdot', '-abs', '-symlink']) {
    await assert.rejects(access(marker + suffix), `${marker + suffix} must not exist on the host`);
  }
  if (imported.status === 200 && !/error/i.test(imported.body)) {
    // Confined rather than refused: whatever was kept must stay inside the container.
    await ok(docker, ['create', '--name', 'hostile', 'hostile:1', 'x']);
    const put = await http(d.socket, 'PUT', '/containers/hostile/archive?path=/', hostile, { 'Content-Type': 'application/x-tar' });
    assert.ok(put.status === 200 || put.status === 400, `archive PUT answered ${put.status}`);
    for (const suffix of ['-dotdot', '-abs', '-symlink']) await assert.rejects(access(marker + suffix));
    await ok(docker, ['rm', 'hostile']);
  }
  const bb = await ok(docker, ['create', '--name', 'victim', 'busybox', 'true']);
  assert.ok(bb);
  const put = await http(d.socket, 'PUT', '/containers/victim/archive?path=/tmp', hostile, { 'Content-Type': 'application/x-tar' });
  assert.ok(put.status === 200 || put.status === 400, `archive PUT answered ${put.status}`);
  for (const suffix of ['-dotdot', '-abs', '-symlink']) await assert.rejects(access(marker + suffix));
  await ok(docker, ['rm', 'victim']);
});

test('removing a running container is 409 and changes nothing', async () => {
  await ok(docker, ['run', '-d', '--name', 'busy', 'busybox', 'sleep', '1000']);
  const r = await http(d.socket, 'DELETE', '/containers/busy');
  assert.equal(r.status, 409);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Running}}', 'busy']), 'true');
  const rmi = await http(d.socket, 'DELETE', '/images/busybox');
  assert.equal(rmi.status, 409);
  await ok(docker, ['rm', '-f', 'busy']);
});
