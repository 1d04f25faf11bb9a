import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectDir } from './testing/project-dir.js';

async function loadError(files: Record<string, string>, env: Record<string, string> = {}): Promise<{ message: string; dir: string }> {
  const p = projectDir(files);
  try {
    await p.load({ env });
  } catch (err) {
    return { message: (err as Error).message, dir: p.dir };
  } finally {
    p.remove();
  }
  throw new Error('the project loaded');
}

test('a YAML syntax error names the file, line and column', async () => {
  const { message, dir } = await loadError({ 'compose.yaml': 'services:\n  web:\n    image: a\n   ports: [80]\n' });
  assert.match(message, new RegExp(`^failed to parse ${dir}/compose\\.yaml: yaml: line 4, column 1: All mapping items must start at the same column$`));
});

test('a duplicate key is a YAML error too', async () => {
  const { message, dir } = await loadError({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' });
  assert.match(message, new RegExp(`^failed to parse ${dir}/compose\\.yaml: yaml: line 4, column 5: Map keys must be unique`));
});

test('unknown and mistyped keys name their path', async () => {
  const cases: [string, string][] = [
    ['services:\n  web:\n    image: a\n    imgae: b\n', "services.web additional properties 'imgae' not allowed"],
    ['servics:\n  web: {image: a}\n', "(root) additional properties 'servics' not allowed"],
    ['services:\n  web:\n    image: a\n    ports: ["80", [1]]\n', 'services.web.ports.1 must be a number, string or mapping'],
    ['services:\n  web:\n    image: a\n    ports: [{target: 80, bogus: 1}]\n', "services.web.ports.0 additional properties 'bogus' not allowed"],
    ['services:\n  web:\n    image: [a]\n', 'services.web.image must be a string'],
    ['services:\n  web:\n    image: a\n    privileged: maybe\n', 'services.web.privileged must be a boolean'],
    ['services:\n  web:\n    image: a\n    deploy: {replicas: two}\n', 'services.web.deploy.replicas must be an integer'],
    ['services:\n  web:\n    image: a\n    environment: 3\n', 'services.web.environment must be a mapping or list'],
    ['services: [web]\n', 'services must be a mapping'],
  ];
  for (const [text, want] of cases) {
    const { message, dir } = await loadError({ 'compose.yaml': text });
    assert.equal(message, `validating ${dir}/compose.yaml: ${want}`, text);
  }
});

test('a missing required variable shows the spec\'s text', async () => {
  const { message } = await loadError({ 'compose.yaml': 'services:\n  web:\n    image: "a:${TAG:?set TAG to the release}"\n' });
  assert.equal(message, 'error while interpolating services.web.image: required variable TAG is missing a value: set TAG to the release');
});

test('a dependency cycle names the cycle', async () => {
  const { message } = await loadError({ 'compose.yaml': 'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c]}\n  c: {image: x, depends_on: [a]}\n' });
  assert.equal(message, 'dependency cycle detected: a -> b -> c -> a');
});

test('references to undefined services, networks, volumes and secrets', async () => {
  const cases: [string, string][] = [
    ['services:\n  web: {image: x, depends_on: [db]}\n', 'service "web" depends on undefined service "db": invalid compose project'],
    ['services:\n  web: {image: x, networks: [front]}\n', 'service "web" refers to undefined network front: invalid compose project'],
    ['services:\n  web: {image: x, volumes: ["data:/data"]}\n', 'service "web" refers to undefined volume data: invalid compose project'],
    ['services:\n  web: {image: x, secrets: [token]}\n', 'service "web" refers to undefined secret token: invalid compose project'],
    ['services:\n  web: {command: x}\n', 'service "web" has neither an image nor a build context specified: invalid compose project'],
    ['services:\n  web: {image: x, network_mode: host, networks: [n]}\nnetworks: {n: {}}\n', 'service web declares mutually exclusive `network_mode` and `networks`: invalid compose project'],
  ];
  for (const [text, want] of cases) assert.equal((await loadError({ 'compose.yaml': text })).message, want, text);
});

test('an optional dependency on an undefined service is dropped', async () => {
  const p = projectDir({ 'compose.yaml': 'services:\n  web:\n    image: x\n    depends_on: {db: {condition: service_started, required: false}}\n' });
  try {
    assert.deepEqual((await p.load()).services.web?.depends_on, {});
  } finally {
    p.remove();
  }
});

test('extends errors: unknown base service, cycles', async () => {
  assert.match((await loadError({ 'compose.yaml': 'services:\n  web: {extends: nope}\n' })).message, /^cannot extend service "web" in .*compose\.yaml: service "nope" not found$/);
  assert.equal((await loadError({ 'compose.yaml': 'services:\n  a: {extends: b}\n  b: {extends: a}\n' })).message, 'circular reference with extends: a -> b -> a');
});

test('no compose file, a missing -f file, a missing required env_file', async () => {
  assert.equal((await loadError({})).message, 'no configuration file provided: not found');
  const { message, dir } = await loadError({ 'compose.yaml': 'services:\n  web: {image: x, env_file: [app.env]}\n' });
  assert.equal(message, `env file ${dir}/app.env not found: stat ${dir}/app.env: no such file or directory`);
});
