import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, readAll } from './client.js';
import { isApiError } from './errors.js';
import { isKind } from '../errdefs/index.js';
import { inspectContainer, waitContainer } from './containers.js';

interface FakeDaemon {
  client: ApiClient;
  seen: string[];
  close(): Promise<void>;
}

/** A real HTTP server on a unix socket standing in for wharfd. */
async function fakeDaemon(apiVersion: string | undefined, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeDaemon> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  const socketPath = join(dir, 'd.sock');
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/_ping') {
      if (apiVersion) res.setHeader('API-Version', apiVersion);
      res.end('OK');
      return;
    }
    handler(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    seen.push(`UPGRADE ${req.method} ${req.url}`);
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello ');
    // Echo stdin back upper-cased; answer the half-close with a trailer, then close.
    socket.on('data', (b: Buffer) => socket.write(b.toString().toUpperCase()));
    socket.on('end', () => socket.end('<eof>'));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const client = new ApiClient(`unix://${socketPath}`);
  return {
    client,
    seen,
    close: async () => {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('negotiates down to an older daemon and prefixes every path', async () => {
  const d = await fakeDaemon('1.44', (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ Id: 'abc', Name: '/web' }));
  });
  try {
    const info = await inspectContainer(d.client, 'web', { size: true });
    assert.equal(info.Id, 'abc');
    await inspectContainer(d.client, 'a b');
    assert.deepEqual(d.seen, ['GET /_ping', 'GET /v1.44/containers/web/json?size=1', 'GET /v1.44/containers/a%20b/json']);
  } finally {
    await d.close();
  }
});

test('a newer daemon is spoken to at our maximum version', async () => {
  const d = await fakeDaemon('1.99', (_req, res) => res.end('{}'));
  try {
    assert.equal(await d.client.apiVersion(), '1.47');
  } finally {
    await d.close();
  }
});

test('error bodies become typed errors with the HTTP status', async () => {
  const d = await fakeDaemon('1.47', (req, res) => {
    if (req.url?.includes('missing')) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ message: 'No such container: missing' }));
    } else if (req.url?.includes('busy')) {
      res.statusCode = 409;
      res.end('plain text conflict\n');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  try {
    await assert.rejects(inspectContainer(d.client, 'missing'), (err: unknown) => {
      assert.ok(isApiError(err));
      assert.equal(err.statusCode, 404);
      assert.ok(isKind(err, 'not-found'));
      assert.equal(err.message, 'No such container: missing');
      return true;
    });
    await assert.rejects(inspectContainer(d.client, 'busy'), (err: unknown) => isApiError(err) && err.kind === 'conflict' && err.message === 'plain text conflict');
    await assert.rejects(d.client.json('GET', '/nothing-here'), /request returned 404 Not Found for API route and version \/v1\.47\/nothing-here/);
  } finally {
    await d.close();
  }
});

test('a daemon that is not there is reported as unavailable', async () => {
  const c = new ApiClient('unix:///nonexistent/wharf.sock');
  await assert.rejects(c.apiVersion(), (err: unknown) => isKind(err, 'unavailable') && /Cannot connect to the Wharf daemon at unix:\/\/\/nonexistent\/wharf\.sock/.test((err as Error).message));
  c.close();
});

test('wait resolves once registered, and its result later', async () => {
  let finish: (() => void) | undefined;
  const d = await fakeDaemon('1.47', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    finish = () => res.end(JSON.stringify({ StatusCode: 3 }));
  });
  try {
    const { result } = await waitContainer(d.client, 'x', 'next-exit');
    assert.ok(finish, 'headers arrived before the exit');
    assert.deepEqual(d.seen.at(-1), 'POST /v1.47/containers/x/wait?condition=next-exit');
    finish();
    assert.equal((await result).StatusCode, 3);
  } finally {
    await d.close();
  }
});

test('hijacked connections are full duplex and half-close stdin', async () => {
  const d = await fakeDaemon('1.47', (_req, res) => res.end());
  try {
    const socket = await d.client.hijack('POST', '/containers/x/attach', { query: { stream: true, stdin: true } });
    socket.write('abc');
    const all = readAll(socket);
    socket.end();
    assert.equal((await all).toString(), 'hello ABC<eof>');
    assert.equal(d.seen.at(-1), 'UPGRADE POST /v1.47/containers/x/attach?stream=1&stdin=1');
  } finally {
    await d.close();
  }
});
