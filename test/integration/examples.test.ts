/**
 * The seed's eight Dockerfile design patterns, under examples/: each is built
 * (with wharf, and a few with the real docker CLI) and run.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon } from '../support/daemon.js';
import { ok, type Cli } from '../support/clients.js';

// dist/test/integration → the repository root
const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

let d: Daemon;
let wharf: Cli;
let docker: Cli;
let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'wharf-ex-'));
  d = await Daemon.start();
  wharf = (a, o) => d.wharf(a, o);
  docker = (a, o) => d.docker(a, o);
});
after(async () => {
  await d?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

const buildExample = (c: Cli, name: string, extra: string[] = []) => ok(c, ['build', '-q', '-t', `ex-${name}`, ...extra, join(EXAMPLES, name)]);

test('shared base image: the user, home, volume and port every derived image inherits', async () => {
  await buildExample(docker, 'shared-base-image');
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-shared-base-image']), 'devbase: dev uid=1000 home=/home/dev');
  const cfg = JSON.parse(await ok(wharf, ['image', 'inspect', '--format', '{{json .Config}}', 'ex-shared-base-image']));
  assert.equal(cfg.User, 'dev');
  assert.deepEqual(cfg.Volumes, { '/home': {} });
  assert.deepEqual(cfg.ExposedPorts, { '8080/tcp': {} });
  assert.match(await ok(wharf, ['run', '--rm', 'ex-shared-base-image', 'ls', '-ln', '/home/dev/.profile']), /1000 +1000/);
});

test('shared volumes: the program in the image, the site from a directory the host shares; built on the shared base', async () => {
  await buildExample(wharf, 'shared-base-image');
  await buildExample(wharf, 'shared-volumes', ['--build-arg', 'BASE=ex-shared-base-image']);
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-shared-volumes']), 'homepage web: serving 1 file(s) from /srv/repos/homepage/public\nbuilt-in page');
  const site = join(scratch, 'site');
  await mkdir(site);
  await writeFile(join(site, 'index.html'), 'shared page\n');
  const shared = await ok(docker, ['run', '--rm', '-v', `${site}:/srv/repos/homepage/public`, 'ex-shared-volumes']);
  assert.equal(shared, 'homepage web: serving 1 file(s) from /srv/repos/homepage/public\nshared page');
  const cfg = JSON.parse(await ok(wharf, ['image', 'inspect', '--format', '{{json .Config}}', 'ex-shared-volumes']));
  assert.deepEqual(cfg.Volumes, { '/home': {}, '/srv/repos/homepage/public': {} });
  assert.deepEqual(cfg.Entrypoint, ['bin/homepage']);
});

test('development tools container: tools on PATH, a remote shell as entrypoint option', async () => {
  await buildExample(wharf, 'dev-tools');
  const list = await ok(wharf, ['run', '--rm', 'ex-dev-tools']);
  for (const tool of ['devtools', 'telnetd', 'netstat', 'wget']) assert.match(list, new RegExp(`\\b${tool}\\b`));
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-dev-tools', 'which', 'hexdump']), '/opt/tools/bin/hexdump');
});

test('test environment container: tests run at build time and again on run; a failing test fails the build', async () => {
  await buildExample(docker, 'test-env');
  assert.match(await ok(wharf, ['run', '--rm', 'ex-test-env']), /all tests passed$/);
  const broken = join(scratch, 'test-env');
  await cp(join(EXAMPLES, 'test-env'), broken, { recursive: true });
  await writeFile(join(broken, 'app', 'calc.sh'), '#!/bin/sh\necho $(($1 - $2))\n', { mode: 0o755 });
  const r = await wharf(['build', '-t', 'ex-test-env-broken', broken]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /FAIL 1\+2: got -1, want 3/);
  assert.match(r.stderr, /The command '\/bin\/sh -c \/tests\/run.sh' returned a non-zero code: 1/);
  assert.notEqual((await wharf(['image', 'inspect', 'ex-test-env-broken'])).code, 0);
});

test('build container: the build stage assembles the app, the runtime image only carries the result', async () => {
  await buildExample(wharf, 'build-container');
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-build-container', 'app', 'x', 'y']), 'hello from the built app v1.0\nargs: x y');
  const ls = await ok(wharf, ['run', '--rm', 'ex-build-container', 'sh', '-c', 'ls /usr/local/bin; ls /build/source 2>&1 || true']);
  assert.match(ls, /^app\napp\.sha256\n/);
  assert.match(ls, /No such file or directory/);
});

test('installer container: ADDed installer and payload install onto a target', async () => {
  await buildExample(docker, 'installer');
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-installer']), 'installed 2 file(s) into /target');
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-installer', 'sh', '-c', '/installer/installer.sh >/dev/null && cat /target/opt/app/VERSION /target/etc/hosts.app']), 'app v1\n10.0.0.10 proxy.internal');
});

test('boxed multi-service container: web, API and db start together', async () => {
  await buildExample(wharf, 'boxed-services');
  assert.equal(await ok(wharf, ['run', '--rm', 'ex-boxed-services', '/services/start.sh', 'selftest']), 'web and api up on :80\n<h1>boxed web</h1>\nhello from the db');
});

test('infrastructure container: a proxy configured by its ADDed file forwards to the app', async () => {
  await buildExample(wharf, 'infrastructure');
  const id = await ok(wharf, ['run', '-d', 'ex-infrastructure']);
  try {
    const page = await ok(wharf, [
      'exec', id, 'sh', '-c',
      'mkdir -p /app && echo upstream-page > /app/index.html && httpd -p 127.0.0.1:8081 -h /app && for i in $(seq 50); do wget -qO- http://127.0.0.1/index.html && exit 0; sleep 0.1; done; exit 1',
    ]);
    assert.equal(page, 'upstream-page');
    assert.equal(await ok(wharf, ['logs', id]), 'proxy :80 -> 127.0.0.1:8081');
  } finally {
    await wharf(['rm', '-f', id]);
  }
});

test('hello: the sample app setup.sh builds', async () => {
  await buildExample(wharf, 'hello');
  assert.match(await ok(wharf, ['run', '--rm', 'ex-hello']), /^Hello from Wharf!\n/);
});

test('boxed app as a compose project: web, app and db each in a container, brought up together by wharf compose', async () => {
  const file = join(EXAMPLES, 'boxed-compose', 'compose.yaml');
  const compose = (args: string[]) => ok(wharf, ['compose', '-f', file, '-p', 'boxedex', ...args], { env: { WEB_PORT: '0' } });
  try {
    await compose(['up', '-d', '--build', '--wait']);
    assert.equal(await ok(docker, ['exec', 'boxedex-web-1', 'wget', '-qO-', 'http://127.0.0.1/']), '<h1>boxed web</h1>');
    assert.equal(await ok(docker, ['exec', 'boxedex-web-1', 'wget', '-qO-', 'http://127.0.0.1/cgi-bin/greeting']), 'hello from the db');
    assert.match(await compose(['port', 'web', '80']), /^0\.0\.0\.0:\d+$/);
    assert.equal(await ok(docker, ['volume', 'inspect', '-f', '{{index .Labels "com.docker.compose.volume"}}', 'boxedex_dbdata']), 'dbdata');
  } finally {
    await compose(['down', '-v', '--rmi', 'local', '-t', '1']);
  }
});
