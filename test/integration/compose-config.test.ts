/**
 * `compose config` as users run it: `wharf compose config` and `docker compose config`
 * through the docker CLI's plugin protocol (DOCKER_CONFIG/cli-plugins/docker-compose →
 * bin/docker-compose). The loader needs no daemon, so none is started; DOCKER_HOST
 * points nowhere to show that.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, WHARF_BIN, type RunResult } from '../support/daemon.js';

const PLUGIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'docker-compose');

let root: string;
let dockerConfig: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'compose-config-'));
  dockerConfig = join(root, 'docker-config');
  await mkdir(join(dockerConfig, 'cli-plugins'), { recursive: true });
  await symlink(PLUGIN, join(dockerConfig, 'cli-plugins', 'docker-compose'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fixture(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** Runs `compose ARGS` in dir both ways and checks both say the same; returns what they said. */
async function compose(dir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', DOCKER_CONFIG: dockerConfig, DOCKER_CLI_HINTS: 'false', ...opts.env };
  const cwdArgs = ['--project-directory', dir];
  const viaWharf = await run('sh', ['-c', 'cd "$0" && exec "$@"', dir, WHARF_BIN, 'compose', ...cwdArgs, ...args], { env, input: opts.input });
  const viaDocker = await run('sh', ['-c', 'cd "$0" && exec "$@"', dir, 'docker', 'compose', ...cwdArgs, ...args], { env, input: opts.input });
  assert.deepEqual(viaDocker, viaWharf, `docker compose and wharf compose differ on ${args.join(' ')}`);
  return viaWharf;
}

const BOXED = {
  'compose.yaml': `
name: boxed
services:
  web:
    image: "nginx:\${NGINX_TAG:-1.27}"
    ports: ["127.0.0.1:8080:80"]
    depends_on:
      app: {condition: service_started}
    networks: [front]
  app:
    build: ./app
    environment:
      - DATABASE_URL=postgres://db/app
      - DEBUG
    depends_on:
      db: {condition: service_healthy}
    networks: [front, back]
  db:
    image: postgres:16
    volumes: ["dbdata:/var/lib/postgresql/data"]
    healthcheck:
      test: pg_isready -U postgres
      interval: 5s
    networks: [back]
  adminer:
    image: adminer
    profiles: [debug]
networks:
  front: {}
  back: {}
volumes:
  dbdata: {}
`,
};

const BOXED_YAML = (dir: string): string => `name: boxed
services:
  app:
    build:
      context: ${dir}/app
    depends_on:
      db:
        condition: service_healthy
        required: true
    environment:
      DATABASE_URL: postgres://db/app
      DEBUG: "1"
    networks:
      back: null
      front: null
  db:
    healthcheck:
      test:
        - CMD-SHELL
        - pg_isready -U postgres
      interval: 5s
    image: postgres:16
    networks:
      back: null
    volumes:
      - type: volume
        source: dbdata
        target: /var/lib/postgresql/data
        volume: {}
  web:
    depends_on:
      app:
        condition: service_started
        required: true
    image: nginx:1.27
    networks:
      front: null
    ports:
      - mode: ingress
        host_ip: 127.0.0.1
        target: 80
        published: "8080"
        protocol: tcp
networks:
  back:
    name: boxed_back
  front:
    name: boxed_front
volumes:
  dbdata:
    name: boxed_dbdata
`;

test('config prints the normalized project in v2\'s layout, the same through wharf and the docker CLI plugin', async () => {
  const dir = await fixture('boxed', BOXED);
  const r = await compose(dir, ['config'], { env: { DEBUG: '1' } });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, BOXED_YAML(dir));
  const json = await compose(dir, ['config', '--format', 'json'], { env: { DEBUG: '1' } });
  const parsed = JSON.parse(json.stdout) as { name: string; services: Record<string, { ports?: unknown[] }>; volumes: Record<string, { name: string }> };
  assert.equal(parsed.name, 'boxed');
  assert.deepEqual(parsed.services.web?.ports, [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }]);
  assert.deepEqual(parsed.volumes, { dbdata: { name: 'boxed_dbdata' } });
});

test('config lists: --services, --volumes, --profiles, --images; profiles and named services select', async () => {
  const dir = await fixture('lists', BOXED);
  assert.equal((await compose(dir, ['config', '--services'])).stdout, 'app\ndb\nweb\n');
  assert.equal((await compose(dir, ['--profile', 'debug', 'config', '--services'])).stdout, 'adminer\napp\ndb\nweb\n');
  assert.equal((await compose(dir, ['config', '--services'], { env: { COMPOSE_PROFILES: 'debug' } })).stdout, 'adminer\napp\ndb\nweb\n');
  assert.equal((await compose(dir, ['config', '--services', 'adminer'])).stdout, 'adminer\n');
  assert.equal((await compose(dir, ['config', '--services', 'app'])).stdout, 'app\ndb\n');
  assert.equal((await compose(dir, ['config', '--volumes'])).stdout, 'dbdata\n');
  assert.equal((await compose(dir, ['config', '--profiles'])).stdout, 'debug\n');
  assert.equal((await compose(dir, ['config', '--images'])).stdout, 'boxed-app\npostgres:16\nnginx:1.27\n');
  assert.equal((await compose(dir, ['-p', 'other', 'config', '--images'])).stdout, 'other-app\npostgres:16\nnginx:1.27\n');
});

test('config: -f files merge in order, -f - reads stdin, --env-file and --no-interpolate, -q and -o', async () => {
  const dir = await fixture('merge', {
    'base.yaml': 'services:\n  web:\n    image: "busybox:${TAG}"\n    command: ["sleep", "1"]\n    ports: ["80"]\n',
    'override.yaml': 'services:\n  web:\n    command: sleep 2\n    ports: !override ["81"]\n',
    'prod.env': 'TAG=prod\n',
  });
  const merged = await compose(dir, ['-f', 'base.yaml', '-f', 'override.yaml', '--env-file', 'prod.env', 'config', '--format', 'json']);
  const web = (JSON.parse(merged.stdout) as { services: { web: { image: string; command: string[]; ports: { target: number }[] } } }).services.web;
  assert.equal(web.image, 'busybox:prod');
  assert.deepEqual(web.command, ['sleep', '2']);
  assert.deepEqual(web.ports.map((p) => p.target), [81]);
  const fromEnv = await compose(dir, ['--env-file', 'prod.env', 'config', '--format', 'json'], { env: { COMPOSE_FILE: 'base.yaml:override.yaml' } });
  assert.deepEqual(JSON.parse(fromEnv.stdout), JSON.parse(merged.stdout));
  const stdin = await compose(dir, ['-f', '-', 'config', '--services'], { input: 'services:\n  fromstdin: {image: a}\n' });
  assert.equal(stdin.stdout, 'fromstdin\n');
  const raw = await compose(dir, ['-f', 'base.yaml', 'config', '--no-interpolate', '--format', 'json']);
  assert.equal((JSON.parse(raw.stdout) as { services: { web: { image: string } } }).services.web.image, 'busybox:${TAG}');
  const quiet = await compose(dir, ['-f', 'base.yaml', '--env-file', 'prod.env', 'config', '-q']);
  assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', '']);
  const out = await compose(dir, ['-f', 'base.yaml', '--env-file', 'prod.env', 'config', '-o', 'out.yaml']);
  assert.equal(out.stdout, '');
  assert.match(await readFile(join(dir, 'out.yaml'), 'utf8'), /image: busybox:prod/);
});

test('bad projects fail with exit 1 and the error alone: YAML position, schema path, required variable, cycle', async () => {
  const dir = await fixture('bad', {
    'syntax.yaml': 'services:\n  web:\n    image: a\n  - nope\n',
    'schema.yaml': 'services:\n  web:\n    image: a\n    ports: ["80", {target: 81, publish: 8081}]\n',
    'required.yaml': 'services:\n  web:\n    image: "a:${TAG:?TAG must name the release}"\n',
    'cycle.yaml': 'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n',
  });
  const cases: [string, RegExp][] = [
    ['syntax.yaml', new RegExp(`^failed to parse ${dir}/syntax\\.yaml: yaml: line 4, column 1: .+\\n$`)],
    ['schema.yaml', new RegExp(`^validating ${dir}/schema\\.yaml: services\\.web\\.ports\\.1 additional properties 'publish' not allowed\\n$`)],
    ['required.yaml', /^error while interpolating services\.web\.image: required variable TAG is missing a value: TAG must name the release\n$/],
    ['cycle.yaml', /^dependency cycle detected: a -> b -> a\n$/],
  ];
  for (const [file, want] of cases) {
    const r = await compose(dir, ['-f', file, 'config']);
    assert.equal(r.code, 1, file);
    assert.equal(r.stdout, '', file);
    assert.match(r.stderr, want, file);
  }
});

test('the plugin answers the docker CLI\'s metadata call; version and help name docker compose', async () => {
  const meta = await run(PLUGIN, ['docker-cli-plugin-metadata']);
  assert.deepEqual(JSON.parse(meta.stdout), { SchemaVersion: '0.1.0', Vendor: 'Wharf', Version: JSON.parse(await readFile(join(dirname(PLUGIN), '..', 'package.json'), 'utf8')).version, ShortDescription: 'Docker Compose' });
  const env = { DOCKER_CONFIG: dockerConfig, DOCKER_CLI_HINTS: 'false' };
  const version = await run('docker', ['compose', 'version', '--short'], { env });
  assert.equal(version.stdout.trim(), JSON.parse(meta.stdout).Version);
  const help = await run('docker', ['compose', '--help'], { env });
  assert.match(help.stdout, /^Usage: {2}docker compose \[OPTIONS\] COMMAND$/m);
  assert.match(help.stdout, /^ {2}config +Parse, resolve and render compose file in canonical format$/m);
  const wharfHelp = await run(WHARF_BIN, ['compose', 'config', '--help']);
  assert.match(wharfHelp.stdout, /^Usage: {2}wharf compose config \[OPTIONS\] \[SERVICE\.\.\.\]$/m);
  assert.match(wharfHelp.stdout, /wharf compose config, wharf compose convert/);
  const unknown = await run('docker', ['compose', 'nope'], { env });
  assert.equal(unknown.code, 1);
});
