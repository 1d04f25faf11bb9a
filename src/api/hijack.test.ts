/**
 * Hijacked attach and exec start, driven the way the docker CLI drives them:
 * a raw socket sending `Connection: Upgrade` / `Upgrade: tcp`, then stdin bytes,
 * then a half-close.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { waitFor } from '../../test/support/wait.js';
import { type TestServer, demux, readResponseHead, readStream, startTestServer } from './testing/test-server.js';

let srv: TestServer;
const sockets: Socket[] = [];
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  sockets.forEach((s) => s.destroy());
  await srv.close();
});

const create = async (name: string, extra: Record<string, unknown> = {}): Promise<string> => {
  const r = await srv.request('POST', `/containers/create?name=${name}`, { body: JSON.stringify({ Image: 'busybox', Cmd: ['cat'], ...extra }) });
  assert.equal(r.status, 201);
  return r.json<{ Id: string }>().Id;
};

/** Send an upgrade request (with an optional body and bytes after it) and read the response head. */
async function upgrade(path: string, body = '', after = ''): Promise<{ socket: Socket; statusLine: string; headers: Record<string, string>; rest: Buffer }> {
  const socket = await srv.connect();
  sockets.push(socket);
  const head = [`POST ${path} HTTP/1.1`, 'Host: api', 'Connection: Upgrade', 'Upgrade: tcp', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];
  socket.write(head.join('\r\n') + '\r\n\r\n' + body + after);
  return { socket, ...(await readResponseHead(socket)) };
}

/** Everything the server sends until it closes the connection. */
async function restOf(socket: Socket, rest: Buffer): Promise<Buffer> {
  socket.resume();
  return Buffer.concat([rest, await readStream(socket)]);
}

test('attach without a TTY: 101, multiplexed stdout, stdin half-close ends the session and closes the connection', async () => {
  await create('a1');
  const { socket, statusLine, headers, rest } = await upgrade('/v1.47/containers/a1/attach?stream=1&stdin=1&stdout=1&stderr=1');
  assert.equal(statusLine, 'HTTP/1.1 101 UPGRADED');
  assert.equal(headers['content-type'], 'application/vnd.docker.multiplexed-stream');
  assert.equal(headers['connection'], 'Upgrade');
  assert.equal(headers['upgrade'], 'tcp');
  assert.equal(headers['api-version'], '1.47');
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.attach').pop()?.args[1], {
    stream: true,
    logs: false,
    stdin: true,
    stdout: true,
    stderr: true,
    detachKeys: undefined,
  });
  socket.write('hello\n');
  assert.equal((await srv.request('POST', '/containers/a1/start')).status, 204);
  socket.write('world\n');
  socket.end();
  const out = await restOf(socket, rest);
  const frames = demux(out);
  assert.ok(frames.every(([id]) => id === 1));
  assert.equal(frames.map(([, data]) => data).join(''), 'hello\nworld\n');
  const inspect = await srv.request('GET', '/containers/a1/json');
  assert.equal(inspect.json<{ State: { Running: boolean } }>().State.Running, false);
  await waitFor(() => srv.fake.liveSessions() === 0, { what: 'every session closed', timeoutMs: 5000, intervalMs: 5 });
});

test('attach with a TTY: raw output and the raw-stream content type', async () => {
  await create('a2', { Tty: true });
  const { socket, headers, rest } = await upgrade('/containers/a2/attach?stream=1&stdin=1&stdout=1');
  assert.equal(headers['content-type'], 'application/vnd.docker.raw-stream');
  await srv.request('POST', '/containers/a2/start');
  socket.write('typed');
  socket.end();
  assert.equal((await restOf(socket, rest)).toString(), 'typed');
});

test('before API 1.42 the content type says raw-stream even though output is multiplexed', async () => {
  await create('a3');
  const { socket, headers, rest } = await upgrade('/v1.41/containers/a3/attach?stream=1&stdin=1&stdout=1');
  assert.equal(headers['content-type'], 'application/vnd.docker.raw-stream');
  await srv.request('POST', '/containers/a3/start');
  socket.end('x');
  assert.deepEqual(demux(await restOf(socket, rest)), [[1, 'x']]);
});

test('detach keys close the connection and leave the container running', async () => {
  await create('a4');
  await srv.request('POST', '/containers/a4/start');
  const { socket, rest } = await upgrade('/containers/a4/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-p,ctrl-q');
  assert.equal((srv.fake.calls.filter((c) => c.method === 'containers.attach').pop()?.args[1] as { detachKeys: string }).detachKeys, 'ctrl-p,ctrl-q');
  socket.write(Buffer.from([0x10, 0x11]));
  await restOf(socket, rest);
  const inspect = await srv.request('GET', '/containers/a4/json');
  assert.equal(inspect.json<{ State: { Running: boolean } }>().State.Running, true);
  await waitFor(() => srv.fake.liveSessions() === 0, { what: 'every session closed', timeoutMs: 5000, intervalMs: 5 });
});

test('a client that went away is noticed at the next write, which closes its session', async () => {
  await create('a5');
  await srv.request('POST', '/containers/a5/start');
  const live = srv.fake.liveSessions();
  const gone = await upgrade('/containers/a5/attach?stream=1&stdout=1');
  assert.equal(srv.fake.liveSessions(), live + 1);
  gone.socket.destroy();
  // Output from the container (echoed input of a second session) reaches the dead connection.
  const other = await upgrade('/containers/a5/attach?stream=1&stdin=1&stdout=1');
  other.socket.write('ping');
  await waitFor(() => srv.fake.liveSessions() === live + 1, { what: 'one more live session', timeoutMs: 5000, intervalMs: 5 });
  other.socket.destroy();
});

test('attach to a missing container is a plain 404 on the upgrade connection', async () => {
  const { statusLine, headers, rest, socket } = await upgrade('/containers/ghost/attach?stream=1&stdout=1');
  assert.match(statusLine, /^HTTP\/1\.1 404 /);
  assert.equal(headers['content-type'], 'application/json');
  assert.equal(headers['api-version'], '1.47');
  assert.deepEqual(JSON.parse((await restOf(socket, rest)).toString()), { message: 'No such container: ghost' });
});

test('exec start: the JSON body and early stdin can share a packet with the headers', async () => {
  await create('e1');
  const created = await srv.request('POST', '/containers/e1/exec', { body: JSON.stringify({ Cmd: ['cat'], AttachStdin: true, AttachStdout: true }) });
  const { Id } = created.json<{ Id: string }>();
  const { socket, statusLine, headers, rest } = await upgrade(`/exec/${Id}/start`, JSON.stringify({ Detach: false, Tty: false }), 'early ');
  assert.equal(statusLine, 'HTTP/1.1 101 UPGRADED');
  assert.equal(headers['content-type'], 'application/vnd.docker.multiplexed-stream');
  socket.end('late');
  const frames = demux(await restOf(socket, rest));
  assert.equal(frames.map(([, s]) => s).join(''), 'early late');
  assert.ok(frames.every(([id]) => id === 1));
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'exec.start').pop()?.args, [Id, { detach: false, tty: false, consoleSize: null }]);
});

test('exec start with a TTY passes the console size; malformed JSON on an upgrade is 400', async () => {
  await create('e2');
  const { Id } = (await srv.request('POST', '/containers/e2/exec', { body: JSON.stringify({ Cmd: ['sh'], Tty: true }) })).json<{ Id: string }>();
  const { socket, headers, rest } = await upgrade(`/exec/${Id}/start`, JSON.stringify({ Tty: true, ConsoleSize: [24, 80] }));
  assert.equal(headers['content-type'], 'application/vnd.docker.raw-stream');
  assert.deepEqual((srv.fake.calls.filter((c) => c.method === 'exec.start').pop()?.args[1] as { consoleSize: unknown }).consoleSize, [24, 80]);
  socket.end('raw');
  assert.equal((await restOf(socket, rest)).toString(), 'raw');
  const bad = await upgrade(`/exec/${Id}/start`, '{"Tty":');
  assert.match(bad.statusLine, /^HTTP\/1\.1 400 /);
  assert.match(JSON.parse((await restOf(bad.socket, bad.rest)).toString()).message, /^invalid JSON/);
});

test('exec start sends its response head before the process is launched, upgraded or plain', async () => {
  await create('e3');
  const newExec = async (): Promise<string> =>
    (await srv.request('POST', '/containers/e3/exec', { body: JSON.stringify({ Cmd: ['cat'], AttachStdin: true, AttachStdout: true }) })).json<{ Id: string }>().Id;
  const upgradedId = await newExec();
  const plainId = await newExec();
  const release = srv.fake.holdExecLaunch();
  try {
    let upgraded: Awaited<ReturnType<typeof upgrade>> | undefined;
    void upgrade(`/exec/${upgradedId}/start`, JSON.stringify({ Tty: false })).then((u) => (upgraded = u));
    let plain: Awaited<ReturnType<typeof srv.open>> | undefined;
    void srv.open('POST', `/exec/${plainId}/start`, { body: JSON.stringify({ Tty: false }), headers: { 'Content-Type': 'application/json' } }).then((r) => (plain = r));
    const [u, p] = await waitFor(() => upgraded && plain && ([upgraded, plain] as const), { what: 'both heads while the launch is held', timeoutMs: 5000, intervalMs: 5 });
    assert.equal(u.statusLine, 'HTTP/1.1 101 UPGRADED');
    assert.equal(u.rest.length, 0);
    assert.equal(p.statusCode, 200);
    assert.equal(p.headers['content-type'], 'application/vnd.docker.raw-stream');
    // Input sent while the launch is held reaches the process once it runs.
    u.socket.write('early ');
    release();
    u.socket.end('late');
    assert.equal(demux(await restOf(u.socket, u.rest)).map(([, s]) => s).join(''), 'early late');
    p.destroy();
  } finally {
    release();
  }
});

test('attach without Upgrade: 200 raw-stream, the request body is stdin, output until close', async () => {
  await create('p1');
  await srv.request('POST', '/containers/p1/start');
  const res = await srv.open('POST', '/containers/p1/attach?stream=1&stdin=1&stdout=1', { body: 'plain', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
  assert.deepEqual(demux(await readStream(res)), [[1, 'plain']]);
});
