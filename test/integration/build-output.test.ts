/**
 * What real clients read from a classic build: a RUN step's stderr painted
 * red in the JSON stream (as dockerd's builder does), and `docker info`'s
 * image count agreeing with `GET /images/json?all=1`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Daemon } from '../support/daemon.js';
import { http } from '../support/http.js';
import { daemonForFile, ok, type Cli } from '../support/clients.js';
import { makeContext, removeContexts } from '../support/build-context.js';

let d: Daemon;
daemonForFile((started) => (d = started));
after(removeContexts);
const docker: Cli = (args, opts) => d.docker(args, opts);

const STDERR_DOCKERFILE = 'FROM busybox\nRUN echo out; echo err >&2\n';

test('POST /build carries RUN stderr wrapped in \\x1b[91m…\\x1b[0m and stdout plain', async () => {
  const ctx = await makeContext({ Dockerfile: STDERR_DOCKERFILE });
  const tar = execFileSync('tar', ['-C', ctx, '-cf', '-', '.']);
  const res = await http(d.socket, 'POST', '/build?rm=1&nocache=1', tar, { 'Content-Type': 'application/x-tar' });
  assert.equal(res.status, 200, res.body);
  const streams = res.body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { stream?: string }).stream);
  assert.ok(streams.includes('\u001b[91merr\n\u001b[0m'), res.body);
  assert.ok(streams.includes('out\n'), res.body);
  assert.ok(!streams.some((s) => s?.includes('\u001b[91mout')), res.body);
});

test('docker build (classic) prints the escape codes as dockerd does; so does wharf build', async () => {
  const ctx = await makeContext({ Dockerfile: STDERR_DOCKERFILE });
  const classic = await docker(['build', '--no-cache', ctx], { env: { DOCKER_BUILDKIT: '0' } });
  assert.equal(classic.code, 0, classic.stderr);
  assert.ok(classic.stdout.includes('\x1b[91merr\n\x1b[0m'), classic.stdout);
  assert.match(classic.stdout, /^out$/m);
  const wharf = await d.wharf(['build', '--no-cache', ctx]);
  assert.equal(wharf.code, 0, wharf.stderr);
  assert.ok(wharf.stdout.includes('\x1b[91merr\n\x1b[0m'), wharf.stdout);
});

test("docker info's Images is the number of distinct Ids in GET /images/json?all=1", async () => {
  const ctx = await makeContext({
    Dockerfile: 'FROM busybox AS base\nRUN echo one > /one\nRUN echo two > /two\nFROM base\nRUN echo three > /three\n',
  });
  await ok(docker, ['build', '-t', 'info-count:a', ctx], { env: { DOCKER_BUILDKIT: '0' } });
  await ok(docker, ['tag', 'info-count:a', 'info-count:b']);
  const res = await http(d.socket, 'GET', '/images/json?all=1');
  assert.equal(res.status, 200, res.body);
  const ids = new Set((JSON.parse(res.body) as Array<{ Id: string }>).map((i) => i.Id));
  const top = await http(d.socket, 'GET', '/images/json');
  // Intermediate images exist, so the default listing is shorter: the count must follow all=1.
  assert.ok((JSON.parse(top.body) as unknown[]).length < ids.size, `${top.body} vs ${res.body}`);
  assert.equal(await ok(docker, ['info', '--format', '{{.Images}}']), String(ids.size));
});
