import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectDir } from './testing/project-dir.js';

const PROFILES = `
services:
  web: {image: a}
  debug: {image: b, profiles: [dev]}
  tools: {image: c, profiles: [ops], depends_on: [helper]}
  helper: {image: d, profiles: [ops]}
`;

test('profiles: services without one always run; --profile, COMPOSE_PROFILES (also from .env) and naming a service enable the others', async (t) => {
  const p = projectDir({ 'compose.yaml': PROFILES });
  t.after(() => p.remove());
  const names = async (o: Parameters<typeof p.load>[0]): Promise<string[]> => Object.keys((await p.load(o)).services);
  assert.deepEqual(await names({}), ['web']);
  assert.deepEqual(await names({ profiles: ['dev'] }), ['debug', 'web']);
  assert.deepEqual(await names({ profiles: ['ops', 'dev'] }), ['debug', 'helper', 'tools', 'web']);
  assert.deepEqual(await names({ env: { COMPOSE_PROFILES: 'ops' } }), ['helper', 'tools', 'web']);
  assert.deepEqual(await names({ profiles: ['*'] }), ['debug', 'helper', 'tools', 'web']);
  assert.deepEqual(await names({ services: ['tools'] }), ['helper', 'tools', 'web']);
  const project = await p.load({ profiles: ['dev'] });
  assert.deepEqual(Object.keys(project.disabledServices), ['helper', 'tools']);
  // A service pulled in by a dependency keeps the profile rule: helper runs only because tools is named.
  assert.deepEqual(await names({ services: ['debug'] }), ['debug', 'web']);
  assert.deepEqual(project.profiles, ['dev']);
  await assert.rejects(p.load({ services: ['nope'] }), { message: 'no such service: nope' });
});

test('COMPOSE_PROFILES in .env counts; the process environment wins over .env', async (t) => {
  const p = projectDir({ 'compose.yaml': PROFILES + '\n  tagged: {image: "x:${TAG}"}\n', '.env': 'COMPOSE_PROFILES=dev\nTAG=from-dotenv\n' });
  t.after(() => p.remove());
  const project = await p.load({ env: { TAG: 'from-shell' } });
  assert.deepEqual(Object.keys(project.services), ['debug', 'tagged', 'web']);
  assert.equal(project.services.tagged?.image, 'x:from-shell');
});

test('--env-file replaces .env, later files win, a missing one is an error', async (t) => {
  const p = projectDir({ 'compose.yaml': 'services:\n  web: {image: "${A}-${B}"}\n', '.env': 'A=dot\nB=dot\n', 'one.env': 'A=one\nB=one\n', 'two.env': 'B=two\n' });
  t.after(() => p.remove());
  assert.equal((await p.load({ envFiles: ['one.env', 'two.env'] })).services.web?.image, 'one-two');
  await assert.rejects(p.load({ envFiles: ['nope.env'] }), { message: `couldn't find env file: ${p.dir}/nope.env` });
});

test('project name: -p, then COMPOSE_PROJECT_NAME, then name:, then the directory, normalized', async (t) => {
  const p = projectDir({ 'compose.yaml': 'name: from-file\nservices:\n  web: {image: a}\nvolumes:\n  data: {}\n  ext: {external: true}\n  named: {name: exact}\n' }, 'My.Project_1');
  t.after(() => p.remove());
  assert.equal((await p.load({ projectName: 'cli' })).name, 'cli');
  assert.equal((await p.load({ env: { COMPOSE_PROJECT_NAME: 'env' } })).name, 'env');
  const project = await p.load();
  assert.equal(project.name, 'from-file');
  assert.deepEqual(project.volumes, { data: { name: 'from-file_data' }, ext: { external: true, name: 'ext' }, named: { name: 'exact' } });
  await assert.rejects(p.load({ projectName: 'Bad Name' }), {
    message: 'invalid project name "Bad Name": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
  });
  const q = projectDir({ 'compose.yaml': 'services:\n  web: {image: a}\n' }, 'My.Project_1');
  t.after(() => q.remove());
  assert.equal((await q.load()).name, 'myproject_1');
});

test('extends: a service of the same file or of another, the local keys merged over the base, paths relative to the base file', async (t) => {
  const p = projectDir({
    'compose.yaml': `
services:
  base: {image: busybox, environment: {A: "1"}, ports: ["80"]}
  web:
    extends: base
    environment: {B: "2"}
  api:
    extends: {file: common/base.yaml, service: app}
    command: serve
  noports:
    extends: base
    ports: !reset []
`,
    'common/base.yaml': 'services:\n  app:\n    extends: root\n    volumes: [./data:/data]\n    command: ["run"]\n  root:\n    image: alpine\n    labels: {tier: app}\n',
  });
  t.after(() => p.remove());
  const { services } = await p.load();
  assert.deepEqual(services.web?.environment, { A: '1', B: '2' });
  assert.equal(services.web?.image, 'busybox');
  assert.equal(services.web?.ports?.length, 1);
  assert.equal(services.api?.image, 'alpine');
  assert.deepEqual(services.api?.labels, { tier: 'app' });
  assert.deepEqual(services.api?.command, ['serve']);
  assert.equal(services.api?.volumes?.[0]?.source, `${p.dir}/common/data`);
  assert.equal(services.noports?.ports, undefined);
});

test('include: each included project brings its services, networks and volumes, with its own directory and .env', async (t) => {
  const p = projectDir({
    'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web: {image: web, depends_on: [db]}\n',
    'db/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG}"\n    volumes: [pgdata:/var/lib/postgresql/data, ./init:/docker-entrypoint-initdb.d]\nvolumes:\n  pgdata: {}\n',
    'db/.env': 'PG=16\n',
  });
  t.after(() => p.remove());
  const project = await p.load();
  assert.deepEqual(Object.keys(project.services), ['db', 'web']);
  assert.equal(project.services.db?.image, 'postgres:16');
  assert.equal(project.services.db?.volumes?.[1]?.source, `${p.dir}/db/init`);
  assert.deepEqual(project.volumes, { pgdata: { name: 'proj_pgdata' } });
});

test('include: a service defined twice is a conflict', async (t) => {
  const p = projectDir({ 'compose.yaml': 'include: [other.yaml]\nservices:\n  web: {image: a}\n', 'other.yaml': 'services:\n  web: {image: b}\n' });
  t.after(() => p.remove());
  await assert.rejects(p.load(), { message: `imported compose file ${p.dir}/other.yaml defines conflicting service web` });
});

test('x- extensions are kept, at the top and in services; anchors and merge keys resolve', async (t) => {
  const p = projectDir({ 'compose.yaml': 'x-defaults: &d {restart: always, image: a}\nservices:\n  web:\n    <<: *d\n    x-note: hi\n' });
  t.after(() => p.remove());
  const project = await p.load();
  assert.deepEqual(project.extensions, { 'x-defaults': { restart: 'always', image: 'a' } });
  assert.equal(project.services.web?.restart, 'always');
  assert.deepEqual(project.services.web?.extensions, { 'x-note': 'hi' });
});

test('warnings: an unset variable (once) and the obsolete version attribute', async (t) => {
  const p = projectDir({ 'compose.yaml': 'version: "3.8"\nservices:\n  web: {image: "a${NOPE}", command: "$NOPE"}\n' });
  t.after(() => p.remove());
  await p.load();
  assert.deepEqual(p.warnings, [
    'The "NOPE" variable is not set. Defaulting to a blank string.',
    `${p.dir}/compose.yaml: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`,
  ]);
});

test('interpolate: false leaves ${VAR} as written', async (t) => {
  const p = projectDir({ 'compose.yaml': 'services:\n  web: {image: "a:${TAG:?needed}"}\n' });
  t.after(() => p.remove());
  assert.equal((await p.load({ interpolate: false })).services.web?.image, 'a:${TAG:?needed}');
});

test('include: project_directory and env_file of the entry; secrets and configs from files resolve against their directory', async (t) => {
  const p = projectDir({
    'compose.yaml': 'include:\n  - path: [parts/cache.yaml]\n    project_directory: parts/root\n    env_file: parts/cache.env\nservices:\n  web: {image: w, secrets: [key]}\nsecrets:\n  key: {file: ./key.txt}\nconfigs:\n  conf: {content: "x=1"}\n',
    'parts/cache.yaml': 'services:\n  cache:\n    image: "redis:${REDIS}"\n    volumes: [./conf:/etc/redis]\n',
    'parts/cache.env': 'REDIS=7\n',
  });
  t.after(() => p.remove());
  const project = await p.load();
  assert.equal(project.services.cache?.image, 'redis:7');
  assert.equal(project.services.cache?.volumes?.[0]?.source, `${p.dir}/parts/root/conf`);
  assert.deepEqual(project.secrets, { key: { file: `${p.dir}/key.txt`, name: 'proj_key' } });
  assert.deepEqual(project.configs, { conf: { content: 'x=1', name: 'proj_conf' } });
});
