/**
 * The real docker CLI against the API server backed by the fake services: do
 * Docker's own client's requests parse, and does it parse our answers?
 * Skipped when no docker CLI is installed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { after, before, test } from 'node:test';
import { type TestServer, startTestServer } from './testing/test-server.js';

// The first docker on PATH, as a user would get it (Debian's docker.io may sit behind a newer CLI).
const dockerPath = (process.env['PATH'] ?? '').split(':').map((dir) => `${dir}/docker`).find((p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
const skip = dockerPath === undefined ? 'docker CLI not installed' : false;

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function docker(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      dockerPath ?? 'docker',
      args,
      // DOCKER_CONFIG keeps the CLI away from the invoking user's ~/.docker.
      { env: { PATH: process.env['PATH'], DOCKER_HOST: `unix://${srv.socketPath}`, DOCKER_CONFIG: srv.dir }, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

test('docker version negotiates down to 1.47 and reads the server', { skip }, async () => {
  const r = await docker(['version', '--format', '{{.Client.APIVersion}} {{.Server.Version}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '1.47 0.1.0');
});

test('docker create, ps, inspect, rm -f', { skip }, async () => {
  const created = await docker(['create', '--name', 'cli1', 'busybox', 'cat']);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout.trim(), /^[0-9a-f]{64}$/);
  const ps = await docker(['ps', '-a', '--format', '{{.Names}} {{.Command}}']);
  assert.equal(ps.code, 0, ps.stderr);
  assert.match(ps.stdout, /^cli1 "cat"$/m);
  const inspect = await docker(['inspect', '--format', '{{.Name}}', 'cli1']);
  assert.equal(inspect.stdout.trim(), '/cli1');
  const rm = await docker(['rm', '-f', 'cli1']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal(rm.stdout.trim(), 'cli1');
  const again = await docker(['rm', 'cli1']);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /Error response from daemon: No such container: cli1/);
});

test('docker run -i pipes stdin through the hijacked attach; the exit code comes from wait', { skip }, async () => {
  const echo = await docker(['run', '-i', '--rm', 'busybox', 'cat'], 'through the pipe\n');
  assert.equal(echo.code, 0, echo.stderr);
  assert.equal(echo.stdout, 'through the pipe\n');
  const failing = await docker(['run', 'busybox', 'false']);
  assert.equal(failing.code, 1);
  assert.equal(failing.stdout, 'false\n');
});

test('docker exec -i, kill on a stopped container, a pull of a missing image', { skip }, async () => {
  assert.equal((await docker(['create', '--name', 'cli2', 'busybox', 'cat'])).code, 0);
  assert.equal((await docker(['start', 'cli2'])).code, 0);
  const exec = await docker(['exec', '-i', 'cli2', 'cat'], 'exec input');
  assert.equal(exec.code, 0, exec.stderr);
  assert.equal(exec.stdout, 'exec input');
  assert.equal((await docker(['kill', 'cli2'])).code, 0);
  const kill = await docker(['kill', 'cli2']);
  assert.notEqual(kill.code, 0);
  assert.match(kill.stderr, /cannot kill container: cli2: Container [0-9a-f]{64} is not running/);
  const pull = await docker(['run', 'nosuch']);
  assert.equal(pull.code, 125);
  assert.match(pull.stderr, /pull access denied for nosuch, repository does not exist or may require 'docker login'/);
});
