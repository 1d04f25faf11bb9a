/**
 * The `wharf` binary end to end against a scripted daemon on a unix socket:
 * the order of API calls for `run`, exit codes, stream routing and docker's
 * error texts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFrame, StreamType } from '../client/stdcopy.js';

// Under tsx the test runs from src (main.ts), built it runs from dist (main.js).
const self = fileURLToPath(import.meta.url);
const main = self.replace(/main\.test\.(ts|js)$/, (_m, ext: string) => `main.${ext}`);
const nodeArgs = self.endsWith('.ts') ? ['--import', 'tsx', main] : [main];

let dir: string;
let server: Server;
let calls: string[] = [];
const attachSockets = new Map<string, Socket>();
const waiters = new Map<string, ServerResponse>();

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.replace(/^\/v1\.\d+/, '');
  calls.push(`${req.method} ${path}${url.searchParams.has('condition') ? `?condition=${url.searchParams.get('condition')}` : ''}`);
  if (path === '/_ping') {
    res.setHeader('API-Version', '1.45');
    res.end('OK');
    return;
  }
  let m: RegExpExecArray | null;
  if (req.method === 'POST' && path === '/containers/create') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { Image: string };
      if (body.Image === 'nosuch') send(res, 404, { message: 'No such image: nosuch:latest' });
      else send(res, 201, { Id: `id-${body.Image}`, Warnings: [] });
    });
    return;
  }
  if (req.method === 'POST' && path === '/images/create') {
    send(res, 404, { message: 'pull access denied for nosuch, repository does not exist' });
    return;
  }
  if ((m = /^\/containers\/([^/]+)\/wait$/.exec(path))) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    waiters.set(m[1]!, res);
    return;
  }
  if ((m = /^\/containers\/([^/]+)\/start$/.exec(path))) {
    const id = m[1]!;
    if (id === 'id-badcmd') {
      send(res, 400, { message: 'failed to create task: exec: "nope": executable file not found in $PATH' });
      return;
    }
    res.writeHead(204).end();
    setImmediate(() => {
      const s = attachSockets.get(id);
      s?.write(encodeFrame(StreamType.Stdout, Buffer.from('hello\n')));
      s?.write(encodeFrame(StreamType.Stderr, Buffer.from('warn\n')));
      s?.end();
      waiters.get(id)?.end(JSON.stringify({ StatusCode: 3 }));
    });
    return;
  }
  if (req.method === 'GET' && path === '/containers/json') {
    send(res, 200, [
      { Id: 'a'.repeat(64), Names: ['/web'], Image: 'busybox', ImageID: 'sha256:' + 'b'.repeat(64), Command: 'sleep 60', Created: Math.floor(Date.now() / 1000) - 7200, Ports: [], Labels: {}, State: 'running', Status: 'Up 2 hours', HostConfig: { NetworkMode: 'bridge' }, NetworkSettings: { Networks: {} }, Mounts: [] },
    ]);
    return;
  }
  send(res, 404, { message: `page not found: ${path}` });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  server = createServer(handle);
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1\.\d+/, '');
    calls.push(`UPGRADE ${path}`);
    const id = /^\/containers\/([^/]+)\/attach$/.exec(path)?.[1] ?? '';
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    socket.on('error', () => undefined);
    attachSockets.set(id, socket);
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'd.sock'), resolve));
});

after(async () => {
  for (const s of attachSockets.values()) s.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function wharf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      env: { ...process.env, WHARF_HOST: `unix://${join(dir, 'd.sock')}`, DOCKER_HOST: '', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('run: attach and wait are in place before start; output is demultiplexed; the exit code is the container’s', async () => {
  calls = [];
  const r = await wharf(['run', '--rm', 'busybox', 'echo', 'hello']);
  assert.equal(r.stdout, 'hello\n');
  assert.equal(r.stderr, 'warn\n');
  assert.equal(r.code, 3);
  const start = calls.indexOf('POST /containers/id-busybox/start');
  assert.ok(start > 0, calls.join(', '));
  assert.ok(calls.indexOf('UPGRADE /containers/id-busybox/attach') < start, calls.join(', '));
  assert.ok(calls.indexOf('POST /containers/id-busybox/wait?condition=removed') < start, calls.join(', '));
  assert.ok(calls.indexOf('POST /containers/create') < calls.indexOf('UPGRADE /containers/id-busybox/attach'));
});

test('run -d prints the id and waits for nothing', async () => {
  calls = [];
  const r = await wharf(['run', '-d', 'busybox']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'id-busybox\n');
  assert.ok(!calls.some((c) => c.includes('/wait') || c.startsWith('UPGRADE')), calls.join(', '));
});

test('run reports daemon errors as docker does: 125, 127', async () => {
  const missing = await wharf(['run', 'nosuch']);
  assert.equal(missing.code, 125);
  assert.equal(missing.stderr, "Unable to find image 'nosuch:latest' locally\nwharf: Error response from daemon: pull access denied for nosuch, repository does not exist\n\nRun 'wharf run --help' for more information\n");
  const badcmd = await wharf(['run', 'badcmd']);
  assert.equal(badcmd.code, 127);
  assert.match(badcmd.stderr, /^wharf: Error response from daemon: failed to create task: exec: "nope": executable file not found in \$PATH\n\nRun 'wharf run --help' for more information\n$/);
});

test('flag errors exit 125 with the usage', async () => {
  const r = await wharf(['run', '--bogus', 'busybox']);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, "unknown flag: --bogus\n\nUsage:  wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'wharf run --help' for more information\n");
  const missing = await wharf(['container', 'ls', '--filter']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /^flag needs an argument: --filter\n\nUsage: {2}wharf container ls \[OPTIONS\]/);
});

test('ps through the management alias, with docker’s table and --format', async () => {
  const table = await wharf(['container', 'list']);
  assert.equal(table.code, 0);
  assert.equal(
    table.stdout,
    'CONTAINER ID   IMAGE     COMMAND      CREATED       STATUS       PORTS     NAMES\naaaaaaaaaaaa   busybox   "sleep 60"   2 hours ago   Up 2 hours             web\n',
  );
  const custom = await wharf(['ps', '--format', '{{.Names}}: {{.State}}']);
  assert.equal(custom.stdout, 'web: running\n');
  const quiet = await wharf(['ps', '-q', '--no-trunc']);
  assert.equal(quiet.stdout, `${'a'.repeat(64)}\n`);
});

test('a daemon error outside run is printed with exit 1', async () => {
  const r = await wharf(['logs', 'web']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error response from daemon: page not found: /containers/web/json\n');
});
