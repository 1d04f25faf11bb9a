import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer, type Socket } from 'node:net';
import { upgradeOn } from './upgrade.js';
import type { OutgoingRequest } from './transport.js';

/** A one-connection server that records the request head and answers with `reply`. */
async function withServer(reply: (socket: Socket) => void, body: (port: number, head: () => string) => Promise<void>): Promise<void> {
  let received = '';
  const server = createServer((socket) => {
    socket.on('data', (b: Buffer) => {
      received += b.toString('latin1');
      if (received.includes('\r\n\r\n')) reply(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body((server.address() as { port: number }).port, () => received);
  } finally {
    server.close();
  }
}

const req = (body?: Buffer): OutgoingRequest => ({
  method: 'POST',
  route: '/v1.47/containers/c1/attach?stream=1',
  headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
  body,
});

test('a 101 hands over the socket with the bytes that followed the head in front', async () => {
  await withServer(
    (s) => s.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n\x01\x00\x00\x00\x00\x00\x00\x02hi'),
    async (port, head) => {
      const up = await upgradeOn(createConnection({ port, host: '127.0.0.1' }), req(Buffer.from('{"a":1}')), 'wharf');
      assert.ok('socket' in up);
      const first = await new Promise<Buffer>((resolve) => up.socket.once('data', resolve));
      assert.deepEqual([...first], [1, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]);
      up.socket.destroy();
      assert.match(head(), /^POST \/v1\.47\/containers\/c1\/attach\?stream=1 HTTP\/1\.1\r\nHost: wharf\r\n/);
      assert.match(head(), /\r\nUpgrade: tcp\r\n/);
      assert.match(head(), /\r\nContent-Length: 7\r\n\r\n\{"a":1\}$/);
    },
  );
});

test('an error answer is read whole: by Content-Length and chunked', async () => {
  const json = '{"message":"No such container: c1"}';
  await withServer(
    (s) => s.write(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`),
    async (port) => {
      const up = await upgradeOn(createConnection({ port, host: '127.0.0.1' }), req(), 'wharf');
      assert.ok('answer' in up);
      assert.equal(up.answer.statusCode, 404);
      assert.equal(up.answer.statusMessage, 'Not Found');
      assert.equal(up.answer.header('content-type'), 'application/json');
      assert.equal((await up.answer.bytes()).toString(), json);
    },
  );
  await withServer(
    (s) => {
      s.write('HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
      setTimeout(() => s.write('6\r\n world\r\n0\r\n\r\n'), 20);
    },
    async (port) => {
      const up = await upgradeOn(createConnection({ port, host: '127.0.0.1' }), req(), 'wharf');
      assert.ok('answer' in up);
      assert.equal(up.answer.statusCode, 409);
      assert.equal((await up.answer.bytes()).toString(), 'hello world');
    },
  );
});

test('a connection closed before any answer is ECONNRESET; a refused one keeps its code', async () => {
  await withServer(
    (s) => s.end(),
    async (port) => {
      await assert.rejects(upgradeOn(createConnection({ port, host: '127.0.0.1' }), req(), 'wharf'), { code: 'ECONNRESET' });
    },
  );
  await assert.rejects(upgradeOn(createConnection({ path: '/nonexistent/wharf.sock' }), req(), 'wharf'), { code: 'ENOENT' });
});
