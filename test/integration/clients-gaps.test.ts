/** Gaps real clients hit: commit --pause of a stopped container, and HostConfig.Runtime. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Daemon } from '../support/daemon.js';
import { daemonForFile, ok } from '../support/clients.js';
import { http } from '../support/http.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));
const docker = (args: string[]) => d.docker(args);

test('commit --pause=true of an exited container commits it; of a running one it pauses and thaws', async () => {
  await ok(docker, ['run', '--name', 'gap-exited', 'busybox', 'sh', '-c', 'echo kept > /kept']);
  await ok(docker, ['commit', '--pause=true', 'gap-exited', 'gap-exited:1']);
  assert.equal(await ok(docker, ['run', '--rm', 'gap-exited:1', 'cat', '/kept']), 'kept');

  await ok(docker, ['run', '-d', '--name', 'gap-running', 'busybox', 'sleep', '300']);
  const since = Math.floor(Date.now() / 1000) - 1;
  await ok(docker, ['commit', 'gap-running', 'gap-running:1']);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}}', 'gap-running']), 'running');
  const until = Math.ceil(Date.now() / 1000) + 1;
  const events = await ok(docker, ['events', '--since', String(since), '--until', String(until), '--filter', 'container=gap-running', '--format', '{{.Action}}']);
  assert.deepEqual(events.split('\n').filter((a) => a === 'pause' || a === 'unpause'), ['pause', 'unpause']);
  await ok(docker, ['rm', '-f', 'gap-exited', 'gap-running']);
  await ok(docker, ['rmi', 'gap-exited:1', 'gap-running:1']);
});

test('commit --pause=true of a restarting container commits it as it is', async () => {
  await ok(docker, ['run', '-d', '--name', 'gap-restarting', '--restart', 'always', 'busybox', 'sh', '-c', 'echo x > /made; exit 1']);
  await waitFor(async () => (await ok(docker, ['inspect', '-f', '{{.State.Restarting}}', 'gap-restarting'])) === 'true', { what: 'the container to be restarting' });
  await ok(docker, ['commit', '--pause=true', 'gap-restarting', 'gap-restarting:1']);
  assert.equal(await ok(docker, ['run', '--rm', 'gap-restarting:1', 'cat', '/made']), 'x');
  await ok(docker, ['rm', '-f', 'gap-restarting']);
  await ok(docker, ['rmi', 'gap-restarting:1']);
});

test('HostConfig.Runtime: runc by default and by name, an unknown one refused with nothing stored', async () => {
  await ok(docker, ['run', '--rm', '--runtime', 'runc', 'busybox', 'true']);
  await ok(docker, ['create', '--name', 'gap-default', 'busybox', 'true']);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.Runtime}}', 'gap-default']), 'runc');
  assert.equal(await ok(docker, ['info', '--format', '{{.DefaultRuntime}}']), 'runc');

  const before = await ok(docker, ['ps', '-aq', '--no-trunc']);
  const refused = await docker(['create', '--name', 'gap-nosuch', '--runtime', 'nosuch', 'busybox', 'true']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /unknown or invalid runtime name: nosuch/);
  const raw = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { Runtime: 'nosuch' } }));
  assert.equal(raw.status, 400);
  assert.equal(await ok(docker, ['ps', '-aq', '--no-trunc']), before);
  await ok(docker, ['rm', 'gap-default']);
});
