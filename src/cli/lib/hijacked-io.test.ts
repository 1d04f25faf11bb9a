import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { encodeFrame, StreamType } from '../../client/stdcopy.js';
import { streamHijacked } from './hijacked-io.js';

/** A real socket pair over a unix socket: the client end for streamHijacked, the daemon end for the test. */
async function socketPair(): Promise<{ client: Socket; daemon: Socket; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  const path = join(dir, 's.sock');
  let daemonSide: (s: Socket) => void = () => undefined;
  const accepted = new Promise<Socket>((resolve) => (daemonSide = resolve));
  const server: Server = createServer({ allowHalfOpen: true }, daemonSide);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const client = createConnection(path);
  const daemon = await accepted;
  return {
    client,
    daemon,
    close: async () => {
      client.destroy();
      daemon.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const collect = (s: PassThrough): (() => string) => {
  let text = '';
  s.on('data', (b: Buffer) => (text += b.toString()));
  return () => text;
};

test('non-TTY: stdin is forwarded then half-closed while output is demultiplexed to the end', async () => {
  const { client, daemon, close } = await socketPair();
  try {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    let received = '';
    daemon.on('data', (b: Buffer) => (received += b.toString()));
    daemon.on('end', () => {
      // stdin is done: the "container" answers and exits.
      daemon.write(encodeFrame(StreamType.Stdout, Buffer.from(`got:${received}`)));
      daemon.end(encodeFrame(StreamType.Stderr, Buffer.from('bye')));
    });
    const session = streamHijacked(client, { tty: false, stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr });
    stdin.end('piped input');
    assert.equal(await session, 'ended');
    assert.equal(out(), 'got:piped input');
    assert.equal(err(), 'bye');
  } finally {
    await close();
  }
});

test('TTY: output is raw and ctrl-p ctrl-q detaches without reaching the container', async () => {
  const { client, daemon, close } = await socketPair();
  try {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let received = '';
    daemon.on('data', (b: Buffer) => (received += b.toString()));
    const daemonClosed = new Promise((resolve) => daemon.on('end', resolve));
    const session = streamHijacked(client, { tty: true, stdin: stdin as unknown as NodeJS.ReadStream, stdout });
    stdin.write('ls\r\x10');
    stdin.write('\x11never sent');
    assert.equal(await session, 'detached');
    await daemonClosed;
    assert.equal(received, 'ls\r');
  } finally {
    await close();
  }
});

test('without stdin the write side is closed at once and the session ends with the output', async () => {
  const { client, daemon, close } = await socketPair();
  try {
    const stdout = new PassThrough();
    const out = collect(stdout);
    daemon.on('end', () => daemon.end('done'));
    assert.equal(await streamHijacked(client, { tty: true, stdout }), 'ended');
    assert.equal(out(), 'done');
  } finally {
    await close();
  }
});
