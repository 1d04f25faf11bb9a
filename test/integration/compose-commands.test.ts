/**
 * `wharf compose`'s other commands on a small project: attached `up` with its
 * prefixed log stream and --exit-code-from, `service_completed_successfully`,
 * the lifecycle commands, and the listing and per-container ones (ps, ls, images,
 * port, top, exec, cp), checked with the docker CLI.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon, type RunResult } from '../support/daemon.js';
import { ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
let dir: string;
const fileOf = (name: string): string => join(dir, `${name}.yaml`);
const compose = (project: string, args: string[]): Promise<RunResult> => d.wharf(['compose', '-f', fileOf(project), ...args], { env: { SVC_TOKEN: 's3cret' } });
const composeOk = async (project: string, args: string[]): Promise<string> => {
  const r = await compose(project, args);
  if (r.code !== 0) throw new Error(`compose ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout.trim();
};
const state = (name: string): Promise<string> => ok((a) => d.docker(a), ['inspect', '-f', '{{.State.Status}}', name]);

before(async () => {
  d = await Daemon.start();
  dir = await mkdtemp(join(tmpdir(), 'wharf-compose-cmd-'));
  await writeFile(join(dir, 'motd.txt'), 'welcome\n');
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'ctx'));
  await writeFile(join(dir, 'ctx', 'note.txt'), 'from the context\n');
  await writeFile(
    fileOf('built'),
    `name: built
services:
  app:
    build:
      context: ./ctx
      dockerfile_inline: |
        FROM busybox
        COPY note.txt /note.txt
      args: { UNUSED: "1" }
`,
  );
  await writeFile(
    fileOf('dev'),
    `name: dev
services:
  app:
    image: busybox
    command: ["sleep", "1d"]
    stop_signal: SIGKILL
    develop:
      watch:
        - { path: ./src, target: /srv, action: sync, ignore: ["*.tmp"] }
`,
  );
  await writeFile(
    fileOf('jobs'),
    `name: jobs
services:
  migrate:
    image: busybox
    command: ["sh", "-c", "echo migrated"]
  app:
    image: busybox
    command: ["sh", "-c", "echo app ran; exit 3"]
    depends_on:
      migrate: { condition: service_completed_successfully }
  idle:
    image: busybox
    command: ["sleep", "1d"]
    stop_signal: SIGKILL
`,
  );
  await writeFile(
    fileOf('broken'),
    `name: broken
services:
  migrate:
    image: busybox
    command: ["sh", "-c", "exit 1"]
  app:
    image: busybox
    command: ["true"]
    depends_on:
      migrate: { condition: service_completed_successfully }
`,
  );
  await writeFile(
    fileOf('svc'),
    `name: svc
services:
  app:
    image: busybox
    command: ["sh", "-c", "echo hello > /greeting; exec httpd -f -p 80 -h /"]
    ports: ["127.0.0.1::80"]
    stop_signal: SIGKILL
    secrets: [token]
    configs:
      - { source: conf, target: /etc/app.conf }
      - motd
secrets:
  token: { environment: SVC_TOKEN }
configs:
  conf: { content: "level=debug" }
  motd: { file: ./motd.txt }
`,
  );
});
after(async () => {
  for (const p of ['jobs', 'broken', 'svc', 'dev', 'built']) await compose(p, ['down', '-t', '0']).catch(() => undefined);
  await d?.destroy();
  await rm(dir, { recursive: true, force: true });
});

test('attached up: one prefixed stream per container, exit code from a service, dependencies completed first', async () => {
  const r = await compose('jobs', ['up', '--no-color', '--exit-code-from', 'app', 'migrate', 'app']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /^Attaching to /m);
  assert.match(r.stdout, /^migrate-1 +\| migrated$/m);
  assert.match(r.stdout, /^app-1 +\| app ran$/m);
  assert.match(r.stdout, /^app-1 exited with code 3$/m);
  // app started only after migrate had exited 0.
  const finished = await ok((a) => d.docker(a), ['inspect', '-f', '{{.State.FinishedAt}}', 'jobs-migrate-1']);
  const started = await ok((a) => d.docker(a), ['inspect', '-f', '{{.State.StartedAt}}', 'jobs-app-1']);
  assert.ok(Date.parse(started) >= Date.parse(finished), `${started} < ${finished}`);
});

test('a dependency that fails to complete stops up with v2 message', async () => {
  const r = await compose('broken', ['up', '-d']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /service "migrate" didn't complete successfully: exit 1/);
  assert.equal(await state('broken-app-1'), 'created');
});

test('stop, start, restart, pause, unpause, kill and rm act on the service containers', async () => {
  await composeOk('jobs', ['up', '-d', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'running');
  await composeOk('jobs', ['stop', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'exited');
  await composeOk('jobs', ['start', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'running');
  await composeOk('jobs', ['pause', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'paused');
  assert.equal(await composeOk('jobs', ['ps', '--status', 'paused', '--format', '{{.Name}}']), 'jobs-idle-1');
  await composeOk('jobs', ['unpause', 'idle']);
  await composeOk('jobs', ['restart', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'running');
  await composeOk('jobs', ['kill', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'exited');
  await composeOk('jobs', ['rm', '-f', 'idle']);
  assert.notEqual((await d.docker(['inspect', 'jobs-idle-1'])).code, 0);
});

test('ps, ls, images, port, top, exec and cp; secrets and configs from a file, the environment and content', async () => {
  await composeOk('svc', ['up', '-d']);
  assert.equal(await composeOk('svc', ['exec', '-T', 'app', 'cat', '/run/secrets/token', '/etc/app.conf', '/motd']), 's3cretlevel=debugwelcome');
  const rows = (await composeOk('svc', ['ps', '--format', 'json'])).split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => [r.Name, r.Service, r.Project, r.State]), [['svc-app-1', 'app', 'svc', 'running']]);
  assert.match(await composeOk('svc', ['ps']), /^NAME +IMAGE +COMMAND +SERVICE +CREATED +STATUS +PORTS\nsvc-app-1 +busybox .* app /);
  assert.match(await composeOk('svc', ['ls']), /^svc +running\(1\) +.*svc\.yaml$/m);
  assert.match(await composeOk('svc', ['images']), /^svc-app-1 +busybox +latest /m);
  const published = await composeOk('svc', ['port', 'app', '80']);
  assert.match(published, /^127\.0\.0\.1:\d+$/);
  assert.equal((await fetch(`http://${published}/greeting`).then((r) => r.text())).trim(), 'hello');
  assert.match(await composeOk('svc', ['top']), /^svc-app-1\n.*PID[\s\S]*httpd/);
  assert.equal((await compose('svc', ['exec', '-T', 'app', 'sh', '-c', 'exit 4'])).code, 4);
  await composeOk('svc', ['cp', 'app:/greeting', join(dir, 'greeting')]);
  assert.equal((await readFile(join(dir, 'greeting'), 'utf8')).trim(), 'hello');
  const missing = await compose('svc', ['exec', '-T', 'nope', 'true']);
  assert.match(missing.stderr, /no such service: nope/);
});

test('watch: files changed in a sync path reach the running container, deleted ones leave it', async () => {
  const proc = spawn(d.wharfBin, ['compose', '-f', fileOf('dev'), 'watch'], { env: { ...process.env, ...d.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (b: Buffer) => (output += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise((r) => proc.once('exit', r));
  const inContainer = async (path: string): Promise<string | undefined> => {
    const r = await d.docker(['exec', 'dev-app-1', 'cat', path]);
    return r.code === 0 ? r.stdout : undefined;
  };
  try {
    await waitFor(() => output.includes('Watch enabled'), { what: `watch to start (${output})`, timeoutMs: 30_000, intervalMs: 100 });
    await mkdir(join(dir, 'src', 'css'), { recursive: true });
    await writeFile(join(dir, 'src', 'css', 'site.css'), 'body{}\n');
    await writeFile(join(dir, 'src', 'scratch.tmp'), 'ignored\n');
    assert.equal(await waitFor(() => inContainer('/srv/css/site.css'), { what: 'the synced file', timeoutMs: 15_000, intervalMs: 200 }), 'body{}\n');
    assert.equal(await inContainer('/srv/scratch.tmp'), undefined);
    await unlink(join(dir, 'src', 'css', 'site.css'));
    await waitFor(async () => (await inContainer('/srv/css/site.css')) === undefined, { what: 'the deleted file to go', timeoutMs: 15_000, intervalMs: 200 });
    assert.match(output, /Syncing service "app" after \d+ changes were detected/);
  } finally {
    proc.kill('SIGINT');
    await exited;
  }
});

test('create, scale, wait and events', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  await composeOk('jobs', ['create', 'idle']);
  assert.equal(await state('jobs-idle-1'), 'created');
  await composeOk('jobs', ['scale', 'idle=2']);
  assert.equal(await state('jobs-idle-1'), 'running');
  assert.equal(await state('jobs-idle-2'), 'running');
  await composeOk('jobs', ['up', '-d', '--no-deps', 'migrate']);
  const waited = await compose('jobs', ['wait', 'migrate']);
  assert.equal(waited.code, 0, waited.stderr);
  const until = Math.floor(Date.now() / 1000) + 1;
  const events = (await composeOk('jobs', ['events', '--json', '--since', String(since), '--until', String(until)])).split('\n').map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.service === 'idle' && e.action === 'start' && e.type === 'container'), JSON.stringify(events));
  assert.ok(events.every((e) => e.service === 'idle' || e.service === 'migrate'));
});

test('build makes project-service images from the context; run uses them; down --rmi local removes them', async () => {
  await composeOk('built', ['build']);
  assert.match(await ok((a) => d.docker(a), ['image', 'inspect', '-f', '{{.Id}}', 'built-app']), /^sha256:/);
  assert.equal(await composeOk('built', ['run', '--rm', '-T', 'app', 'cat', '/note.txt']), 'from the context');
  await composeOk('built', ['down', '--rmi', 'local']);
  assert.notEqual((await d.docker(['image', 'inspect', 'built-app'])).code, 0);
});

test('attached up: Ctrl+C stops the project gracefully', async () => {
  const proc = spawn(d.wharfBin, ['compose', '-f', fileOf('jobs'), 'up', 'idle'], { env: { ...process.env, ...d.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (b: Buffer) => (output += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  await waitFor(() => output.includes('Attaching to idle-1'), { what: 'up to attach', timeoutMs: 30_000, intervalMs: 100 });
  proc.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.match(output, /Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)/);
  assert.match(output, /Container jobs-idle-1 {2}Stopped/);
  assert.equal(await state('jobs-idle-1'), 'exited');
});
