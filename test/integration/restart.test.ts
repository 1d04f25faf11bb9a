import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { containerProcesses, waitGone } from '../support/processes.js';

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

test('containers survive a daemon SIGKILL and are re-adopted', async () => {
  await ok(docker, ['run', '-d', '--name', 'survivor', 'busybox', 'sh', '-c', 'echo before; sleep 1000']);
  await ok(docker, ['run', '-d', '--name', 'dies-meanwhile', 'busybox', 'sh', '-c', 'sleep 2; exit 42']);
  await ok(docker, ['run', '--name', 'already-exited', 'busybox', 'sh', '-c', 'exit 9']).catch(() => undefined);
  const pid = await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'survivor']);
  // The exit happens while no daemon watches: conmon records it, then exits too.
  const dying = await containerProcesses(Number(await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'dies-meanwhile'])));

  await d.crash();
  await waitGone(dying, 'dies-meanwhile and its conmon to exit');
  process.kill(Number(pid), 0); // the container process outlived the daemon
  await d.spawn();

  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.Pid}}', 'survivor']), `running ${pid}`);
  assert.match(await ok(docker, ['ps', '--format', '{{.Names}}']), /survivor/);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'dies-meanwhile']), 'exited 42');
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'already-exited']), 'exited 9');
  assert.equal((await d.docker(['logs', 'survivor'])).stdout, 'before\n');
  assert.equal(await ok(docker, ['exec', 'survivor', 'echo', 'still-here']), 'still-here');

  const waiter = d.wharf(['wait', 'survivor']);
  await ok(docker, ['stop', '-t', '1', 'survivor']);
  assert.equal((await waiter).stdout.trim(), '137');
  await ok(docker, ['rm', 'survivor', 'dies-meanwhile', 'already-exited']);
});

test('a clean daemon stop leaves containers running too, and the next daemon manages them', async () => {
  await ok(docker, ['run', '-d', '--name', 'keeps', 'busybox', 'sleep', '1000']);
  await d.stopDaemon();
  await d.spawn();
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Running}}', 'keeps']), 'true');
  await ok(docker, ['rm', '-f', 'keeps']);
});
