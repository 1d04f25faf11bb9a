/**
 * `wharf compose` brings up a small multi-service project (a busybox httpd web
 * front, an app, a "db" with a named volume and a healthcheck), and what it
 * made is checked with the docker CLI: Compose v2's names and labels, start
 * order by `depends_on` conditions, an idempotent second `up`, recreate on
 * change, scale, down -v. Then the same project against a real dockerd, through
 * the docker CLI's compose plugin (bin/docker-compose).
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, type RunOptions, type RunResult } from '../support/daemon.js';
import { startDocker, type DockerDaemon } from '../support/dockerd.js';
import { ok, type Cli } from '../support/clients.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const project = (webGreeting: string): string => `
name: shop
services:
  web:
    image: busybox
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    environment:
      GREETING: ${webGreeting}
    volumes: ["./www:/www:ro"]
    stop_signal: SIGKILL
    depends_on:
      app: { condition: service_started }
  app:
    image: busybox
    command: ["sh", "-c", "echo app up; exec sleep 1d"]
    stop_signal: SIGKILL
    depends_on:
      db: { condition: service_healthy }
  db:
    image: busybox
    command: ["sh", "-c", "date > /data/started; exec sleep 1d"]
    stop_signal: SIGKILL
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "test", "-s", "/data/started"]
      interval: 500ms
      retries: 20
volumes:
  data: {}
`;

let d: Daemon;
let dir: string;
let file: string;
let docker: Cli;
const compose = (args: string[], opts?: RunOptions): Promise<RunResult> => d.wharf(['compose', '-f', file, ...args], opts);
const composeOk = async (args: string[]): Promise<string> => {
  const r = await compose(args);
  if (r.code !== 0) throw new Error(`compose ${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout.trim() + r.stderr;
};
const idsByName = async (c: Cli = docker): Promise<Map<string, string>> => {
  const lines = (await ok(c, ['ps', '-a', '--filter', 'label=com.docker.compose.project=shop', '--format', '{{.Names}} {{.ID}}'])).split('\n').filter(Boolean);
  return new Map(lines.map((l) => l.split(' ') as [string, string]));
};

before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  dir = await mkdtemp(join(tmpdir(), 'wharf-compose-'));
  file = join(dir, 'compose.yaml');
  await mkdir(join(dir, 'www'));
  await writeFile(join(dir, 'www', 'index.html'), 'hello from web\n');
  await writeFile(file, project('hi'));
});
after(async () => {
  await compose(['down', '-v', '-t', '0']).catch(() => undefined);
  await d?.destroy();
  await rm(dir, { recursive: true, force: true });
});

test('up: v2 names and labels, a project network and volume, start order by depends_on conditions', async () => {
  const out = await composeOk(['up', '-d']);
  assert.match(out, /Container shop-db-1 {2}Healthy/);
  assert.deepEqual([...(await idsByName()).keys()].sort(), ['shop-app-1', 'shop-db-1', 'shop-web-1']);
  const labels = JSON.parse(await ok(docker, ['inspect', '-f', '{{json .Config.Labels}}', 'shop-app-1']));
  assert.equal(labels['com.docker.compose.project'], 'shop');
  assert.equal(labels['com.docker.compose.service'], 'app');
  assert.equal(labels['com.docker.compose.container-number'], '1');
  assert.equal(labels['com.docker.compose.oneoff'], 'False');
  assert.equal(labels['com.docker.compose.project.config_files'], file);
  assert.match(labels['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);
  assert.equal(await ok(docker, ['network', 'inspect', '-f', '{{index .Labels "com.docker.compose.network"}}', 'shop_default']), 'default');
  assert.equal(await ok(docker, ['volume', 'inspect', '-f', '{{index .Labels "com.docker.compose.volume"}}', 'shop_data']), 'data');
  // app started only once db was healthy: after db's first passing probe.
  const dbHealth = JSON.parse(await ok(docker, ['inspect', '-f', '{{json .State.Health}}', 'shop-db-1']));
  const firstPass = dbHealth.Log.find((l: { ExitCode: number }) => l.ExitCode === 0);
  const appStarted = await ok(docker, ['inspect', '-f', '{{.State.StartedAt}}', 'shop-app-1']);
  assert.ok(Date.parse(appStarted) >= Date.parse(firstPass.End) - 5, `app started ${appStarted}, db healthy ${firstPass.End}`);
  // Services find each other by name on the project network.
  assert.equal(await ok(docker, ['exec', 'shop-app-1', 'wget', '-qO-', 'http://web/']), 'hello from web');
  assert.match(await composeOk(['logs', '--no-color', 'app']), /^app-1 {2}\| app up$/m);
  assert.equal(await composeOk(['ps', '--services']), 'app\ndb\nweb');
});

test('a second up touches nothing', async () => {
  const before = await idsByName();
  const started = await ok(docker, ['inspect', '-f', '{{.State.StartedAt}}', ...before.keys()]);
  const out = await composeOk(['up', '-d']);
  assert.doesNotMatch(out, /Creat|Recreat|Start|Stop/);
  assert.deepEqual(await idsByName(), before);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.StartedAt}}', ...before.keys()]), started);
});

test('a changed service is recreated under its name, the others stay', async () => {
  const before = await idsByName();
  await writeFile(file, project('hello'));
  const out = await composeOk(['up', '-d']);
  assert.match(out, /Container shop-web-1 {2}Recreated/);
  const after = await idsByName();
  assert.notEqual(after.get('shop-web-1'), before.get('shop-web-1'));
  assert.equal(after.get('shop-app-1'), before.get('shop-app-1'));
  assert.equal(after.get('shop-db-1'), before.get('shop-db-1'));
  assert.match(await ok(docker, ['inspect', '-f', '{{.Config.Env}}', 'shop-web-1']), /GREETING=hello/);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}}', 'shop-web-1']), 'running');
});

test("--scale adds replicas and the file's scale takes them away again", async () => {
  await composeOk(['up', '-d', '--scale', 'app=3']);
  assert.deepEqual([...(await idsByName()).keys()].filter((n) => n.startsWith('shop-app-')).sort(), ['shop-app-1', 'shop-app-2', 'shop-app-3']);
  await composeOk(['up', '-d']);
  assert.deepEqual([...(await idsByName()).keys()].filter((n) => n.startsWith('shop-app-')), ['shop-app-1']);
});

test('run makes a one-off container that up does not count; a failing service names itself', async () => {
  assert.equal((await compose(['run', '--rm', '-T', 'app', 'cat', '/etc/hostname'])).code, 0);
  assert.equal((await composeOk(['run', '--rm', '-T', '--no-deps', 'db', 'sh', '-c', 'echo one-off']))
    .split('\n')[0], 'one-off');
  assert.deepEqual([...(await idsByName()).keys()].sort(), ['shop-app-1', 'shop-db-1', 'shop-web-1']);
  const broken = join(dir, 'broken.yaml');
  await writeFile(broken, 'name: shop\nservices:\n  worker:\n    image: busybox\n    command: ["/no/such/program"]\n');
  const r = await d.wharf(['compose', '-f', broken, 'up', '-d']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /service "worker"/);
  await d.wharf(['compose', '-f', broken, 'rm', '-f']);
});

test('a service gone from the file is an orphan: reported, removed with --remove-orphans', async () => {
  await writeFile(file, project('hello').replace(/^ {2}web:\n[\s\S]*?(?=^ {2}app:)/m, ''));
  const warned = await compose(['up', '-d']);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /Found orphan containers \(\[shop-web-1\]\) for this project/);
  assert.ok((await idsByName()).has('shop-web-1'));
  await composeOk(['up', '-d', '--remove-orphans']);
  assert.deepEqual([...(await idsByName()).keys()].sort(), ['shop-app-1', 'shop-db-1']);
});

test('down -v removes the containers, the network and the volume', async () => {
  await composeOk(['down', '-v']);
  assert.equal((await idsByName()).size, 0);
  assert.notEqual((await docker(['network', 'inspect', 'shop_default'])).code, 0);
  assert.notEqual((await docker(['volume', 'inspect', 'shop_data'])).code, 0);
});

test('the same project against a real dockerd, with `docker compose` (the CLI plugin)', async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'wharf-compose-dockerd-'));
  let dk: DockerDaemon | undefined;
  try {
    dk = await startDocker(tmp, d);
    if (!dk) return t.skip('dockerd is not installed');
    const config = join(tmp, 'config');
    await mkdir(join(config, 'cli-plugins'), { recursive: true });
    await symlink(join(REPO, 'bin', 'docker-compose'), join(config, 'cli-plugins', 'docker-compose'));
    const env = { DOCKER_CONFIG: config, WHARF_HOST: '' };
    const real: Cli = (a) => dk!.docker(a, env);
    await writeFile(file, project('hi'));
    await ok(real, ['compose', '-f', file, 'up', '-d', '--wait']);
    const names = await idsByName(real);
    assert.deepEqual([...names.keys()].sort(), ['shop-app-1', 'shop-db-1', 'shop-web-1']);
    assert.equal(await ok(real, ['inspect', '-f', '{{index .Config.Labels "com.docker.compose.service"}}', 'shop-db-1']), 'db');
    assert.equal(await ok(real, ['exec', 'shop-app-1', 'wget', '-qO-', 'http://web/']), 'hello from web');
    await ok(real, ['compose', '-f', file, 'up', '-d']);
    assert.deepEqual(await idsByName(real), names);
    await ok(real, ['compose', '-f', file, 'down', '-v']);
    assert.equal((await idsByName(real)).size, 0);
    assert.notEqual((await real(['volume', 'inspect', 'shop_data'])).code, 0);
  } finally {
    await dk?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
});
