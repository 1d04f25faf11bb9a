import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../support/daemon.js';
import { bothClients, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));

bothClients('run prints output and passes the exit code through', () => d, async (c) => {
  assert.equal(await ok(c, ['run', '--rm', 'busybox', 'echo', 'hello']), 'hello');
  const r = await c(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout.trim(), 'out');
  assert.match(r.stderr, /err/);
});

bothClients('exit codes 127, 126 and 125 as Docker gives them', () => d, async (c) => {
  const missing = await c(['run', '--rm', 'busybox', 'nosuchcommand']);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /executable file not found/);
  const notExec = await c(['run', '--rm', 'busybox', '/etc/passwd']);
  assert.equal(notExec.code, 126);
  const daemonError = await c(['run', '--rm', '--name', 'bad name!', 'busybox', 'true']);
  assert.equal(daemonError.code, 125);
  assert.match(daemonError.stderr, /Invalid container name/);
});

bothClients('run options reach the process: env, workdir, user, hostname, labels, entrypoint', () => d, async (c, client) => {
  const name = `opts-${client}`;
  const out = await ok(c, [
    'run', '--name', name, '-e', 'FOO=bar', '-w', '/tmp', '-u', '65534:65534', '-h', 'myhost', '-l', 'tier=web',
    '--entrypoint', '/bin/sh', 'busybox', '-c', 'echo $FOO $(pwd) $(id -u):$(id -g) $(hostname)',
  ]);
  assert.equal(out, 'bar /tmp 65534:65534 myhost');
  const labels = JSON.parse(await ok(c, ['inspect', '-f', '{{json .Config.Labels}}', name]));
  assert.equal(labels.tier, 'web');
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', name]), 'exited 0');
  await ok(c, ['rm', name]);
});

bothClients('env-file and --init', () => d, async (c) => {
  const { writeFile } = await import('node:fs/promises');
  const file = `${d.root}/env.list`;
  await writeFile(file, '# comment\nA=1\nB=two words\n');
  assert.equal(await ok(c, ['run', '--rm', '--env-file', file, 'busybox', 'sh', '-c', 'echo "$A|$B"']), '1|two words');
  assert.equal(await ok(c, ['run', '--rm', '--init', 'busybox', 'cat', '/proc/1/cmdline']).then((s) => s.split('\0')[0]), '/sbin/docker-init');
});

bothClients('detached lifecycle: ps, stop, start, restart, kill, pause, unpause, wait, rename, rm', () => d, async (c, client) => {
  const name = `life-${client}`;
  const id = await ok(c, ['run', '-d', '--name', name, 'busybox', 'sleep', '1000']);
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.match(await ok(c, ['ps']), new RegExp(name));
  assert.equal(await ok(c, ['ps', '-q', '--filter', `name=${name}`]), id.slice(0, 12));
  assert.equal(await ok(c, ['ps', '--no-trunc', '-q', '--filter', `name=${name}`]), id);

  await ok(c, ['pause', name]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}}', name]), 'paused');
  assert.match(await ok(c, ['ps', '--filter', `name=${name}`, '--format', '{{.Status}}']), /\(Paused\)/);
  await ok(c, ['unpause', name]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}}', name]), 'running');

  await ok(c, ['stop', '-t', '1', name]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', name]), 'exited 137');
  assert.match(await ok(c, ['ps', '-a', '--filter', `name=${name}`, '--format', '{{.Status}}']), /^Exited \(137\)/);
  assert.equal(await ok(c, ['ps', '-q', '--filter', `name=${name}`]), '');

  await ok(c, ['start', name]);
  const pid1 = await ok(c, ['inspect', '-f', '{{.State.Pid}}', name]);
  await ok(c, ['restart', '-t', '0', name]);
  const pid2 = await ok(c, ['inspect', '-f', '{{.State.Pid}}', name]);
  assert.notEqual(pid1, pid2);

  // PID 1 ignores signals it has no handler for, so `sleep` alone would shrug off TERM;
  // under --init, tini forwards it and reports the signal as 128+15.
  const term = `${name}-term`;
  await ok(c, ['run', '-d', '--init', '--name', term, 'busybox', 'sleep', '1000']);
  const waiter = c(['wait', term]);
  await ok(c, ['kill', '-s', 'TERM', term]);
  const w = await waiter;
  assert.equal(w.stdout.trim(), '143');
  await ok(c, ['rm', term]);
  await ok(c, ['kill', name]);
  assert.equal(await ok(c, ['wait', name]), '137');

  await ok(c, ['rename', name, `${name}-2`]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.Name}}', `${name}-2`]), `/${name}-2`);
  await ok(c, ['rm', `${name}-2`]);
  const gone = await c(['inspect', `${name}-2`]);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /No such (container|object)/);
});

bothClients('stop honours the image stop signal and a trapped TERM exits cleanly', () => d, async (c, client) => {
  const name = `trap-${client}`;
  await ok(c, ['run', '-d', '--name', name, '--stop-signal', 'USR1', 'busybox', 'sh', '-c', "trap 'exit 7' USR1; while true; do sleep 0.1; done"]);
  await ok(c, ['stop', name]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.ExitCode}}', name]), '7');
  await ok(c, ['rm', name]);
});

bothClients('create then start -a; rm -f of a running container; conflicts', () => d, async (c, client) => {
  const name = `created-${client}`;
  await ok(c, ['create', '--name', name, 'busybox', 'echo', 'from-created']);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}}', name]), 'created');
  assert.equal(await ok(c, ['start', '-a', name]), 'from-created');
  const dup = await c(['create', '--name', name, 'busybox']);
  assert.notEqual(dup.code, 0);
  assert.match(dup.stderr, /is already in use/);
  await ok(c, ['rm', name]);

  const run = `running-${client}`;
  await ok(c, ['run', '-d', '--name', run, 'busybox', 'sleep', '1000']);
  const refused = await c(['rm', run]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /cannot remove a running container|Stop the container before attempting removal/);
  await ok(c, ['rm', '-f', run]);
  assert.equal(await ok(c, ['ps', '-aq', '--filter', `name=${run}`]), '');
});

test('--rm removes the container after exit', async () => {
  await ok((a) => d.docker(a), ['run', '--rm', '--name', 'gone-soon', 'busybox', 'true']);
  await waitFor(async () => ((await d.docker(['ps', '-aq', '--filter', 'name=gone-soon'])).stdout.trim() === '' ? true : undefined), { what: 'auto-remove' });
});

test('ps formats: table headers, json, filters by status and label', async () => {
  await ok((a) => d.wharf(a), ['run', '-d', '--name', 'fmt1', '-l', 'app=x', 'busybox', 'sleep', '1000']);
  const table = await ok((a) => d.wharf(a), ['ps']);
  assert.match(table.split('\n')[0] ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  const json = JSON.parse((await ok((a) => d.wharf(a), ['ps', '--format', 'json', '--filter', 'label=app=x'])).split('\n')[0] ?? '{}');
  assert.equal(json.Names, 'fmt1');
  assert.equal(await ok((a) => d.docker(a), ['ps', '--filter', 'status=running', '--filter', 'label=app', '--format', '{{.Names}}']), 'fmt1');
  await ok((a) => d.docker(a), ['rm', '-f', 'fmt1']);
});

test('container and image prune take Go durations for until, as Docker does', async () => {
  const docker = (a: string[]) => d.docker(a);
  await ok(docker, ['create', '--name', 'until-c', '-l', 'until-test=1', 'busybox', 'true']);
  // Made just now: not older than an hour, so kept.
  assert.doesNotMatch(await ok(docker, ['container', 'prune', '-f', '--filter', 'until=1h', '--filter', 'label=until-test']), /Deleted Containers/);
  await ok(docker, ['commit', '--change', 'LABEL until-test=1', 'until-c', 'until-img:1']);
  assert.doesNotMatch(await ok(docker, ['image', 'prune', '-a', '-f', '--filter', 'until=24h', '--filter', 'label=until-test']), /Deleted Images/);
  assert.equal(await ok(docker, ['image', 'ls', '-q', 'until-img']) !== '', true);
  // Older than a millisecond ago: both go.
  assert.match(await ok(docker, ['container', 'prune', '-f', '--filter', 'until=1ms', '--filter', 'label=until-test']), /Deleted Containers:\n[0-9a-f]{64}/);
  assert.match(await ok(docker, ['image', 'prune', '-a', '-f', '--filter', 'until=1ms', '--filter', 'label=until-test']), /untagged: until-img:1/);
  assert.equal(await ok(docker, ['image', 'ls', '-q', 'until-img']), '');
});
