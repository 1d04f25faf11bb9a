import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectDir } from './testing/project-dir.js';

const BASE = `
services:
  web:
    image: nginx
    command: ["nginx", "-g", "daemon off;"]
    entrypoint: /docker-entrypoint.sh
    environment:
      A: "1"
      B: "2"
    labels: [x=1]
    ports: ["8080:80", "9090:90"]
    expose: ["3000"]
    dns: [1.1.1.1]
    cap_add: [NET_ADMIN]
    volumes: ["./a:/data", "logs:/logs"]
    secrets: [token]
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
    logging:
      driver: json-file
      options: {max-size: 10m}
    networks: [front]
networks:
  front: {}
  back: {}
volumes:
  logs: {}
secrets:
  token:
    file: ./token.txt
`;

test('mappings merge, sequences append, command/entrypoint/healthcheck.test replace, keyed lists merge by key', async (t) => {
  const p = projectDir({
    'compose.yaml': BASE,
    'override.yaml': `
services:
  web:
    command: nginx-debug
    entrypoint: ["/other"]
    environment: ["B=two", "C=3"]
    labels: {y: "2"}
    ports: ["8080:80", "7070:70"]
    expose: ["3000", "4000"]
    dns: [8.8.8.8, 1.1.1.1]
    cap_add: [NET_ADMIN, SYS_TIME]
    volumes: ["./b:/data"]
    secrets: [{source: token, target: /run/secrets/token}]
    healthcheck:
      test: curl -f localhost
      retries: 3
    logging:
      options: {max-file: "3"}
    networks: {back: {aliases: [w]}}
`,
  });
  t.after(() => p.remove());
  const web = (await p.load({ configFiles: ['compose.yaml', 'override.yaml'] })).services.web!;
  assert.deepEqual(web.command, ['nginx-debug']);
  assert.deepEqual(web.entrypoint, ['/other']);
  assert.deepEqual(web.environment, { A: '1', B: 'two', C: '3' });
  assert.deepEqual(web.labels, { x: '1', y: '2' });
  assert.deepEqual(web.ports?.map((x) => `${x.published}:${x.target}`), ['8080:80', '9090:90', '7070:70']);
  assert.deepEqual(web.expose, ['3000', '4000']);
  assert.deepEqual(web.dns, ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(web.cap_add, ['NET_ADMIN', 'SYS_TIME']);
  assert.deepEqual(web.volumes?.map((v) => `${v.source}:${v.target}`), [`${p.dir}/b:/data`, 'logs:/logs']);
  assert.deepEqual(web.secrets, [{ source: 'token', target: '/run/secrets/token' }]);
  assert.deepEqual(web.healthcheck, { test: ['CMD-SHELL', 'curl -f localhost'], interval: '10s', retries: 3 });
  assert.deepEqual(web.logging, { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
  assert.deepEqual(web.networks, { front: null, back: { aliases: ['w'] } });
});

test('a logging driver changed drops the old driver\'s options', async (t) => {
  const p = projectDir({ 'compose.yaml': BASE, 'o.yaml': 'services:\n  web:\n    logging:\n      driver: syslog\n' });
  t.after(() => p.remove());
  const web = (await p.load({ configFiles: ['compose.yaml', 'o.yaml'] })).services.web!;
  assert.deepEqual(web.logging, { driver: 'syslog' });
});

test('!reset removes what earlier files said; !override replaces without merging', async (t) => {
  const p = projectDir({
    'compose.yaml': BASE,
    'o.yaml': `
services:
  web:
    ports: !reset []
    environment: !override
      ONLY: "this"
    labels: !reset null
    healthcheck: !reset {}
    volumes: !override ["./c:/c"]
`,
  });
  t.after(() => p.remove());
  const web = (await p.load({ configFiles: ['compose.yaml', 'o.yaml'] })).services.web!;
  assert.equal(web.ports, undefined);
  assert.equal(web.labels, undefined);
  assert.equal(web.healthcheck, undefined);
  assert.deepEqual(web.environment, { ONLY: 'this' });
  assert.deepEqual(web.volumes, [{ type: 'bind', source: `${p.dir}/c`, target: '/c', bind: { create_host_path: true } }]);
});

test('without -f, compose.yaml and compose.override.yaml are found, from a subdirectory too', async (t) => {
  const p = projectDir({ 'compose.yaml': 'services:\n  web:\n    image: a\n', 'compose.override.yaml': 'services:\n  web:\n    image: b\n', 'sub/dir/.keep': '' });
  t.after(() => p.remove());
  const project = await p.load({ cwd: `${p.dir}/sub/dir` });
  assert.equal(project.services.web?.image, 'b');
  assert.deepEqual(project.configFiles, [`${p.dir}/compose.yaml`, `${p.dir}/compose.override.yaml`]);
  assert.equal(project.workingDir, p.dir);
});

test('-f - reads the file from stdin, relative to the working directory', async (t) => {
  const p = projectDir({});
  t.after(() => p.remove());
  const project = await p.load({ configFiles: ['-'], readStdin: async () => 'services:\n  web:\n    image: a\n    volumes: [./x:/x]\n' });
  assert.equal(project.services.web?.volumes?.[0]?.source, `${p.dir}/x`);
});
