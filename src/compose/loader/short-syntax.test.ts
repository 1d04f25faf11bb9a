import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePortShort } from './ports.js';
import { parseVolumeShort } from './volumes.js';
import { projectDir } from './testing/project-dir.js';

test('ports: short forms expand as compose-go expands them', () => {
  assert.deepEqual(parsePortShort('127.0.0.1:8080-8081:80-81/udp'), [
    { mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'udp' },
    { mode: 'ingress', host_ip: '127.0.0.1', target: 81, published: '8081', protocol: 'udp' },
  ]);
  assert.deepEqual(parsePortShort(80), [{ mode: 'ingress', target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parsePortShort('3000-3001'), [
    { mode: 'ingress', target: 3000, protocol: 'tcp' },
    { mode: 'ingress', target: 3001, protocol: 'tcp' },
  ]);
  assert.deepEqual(parsePortShort('8000-8010:80'), [{ mode: 'ingress', target: 80, published: '8000-8010', protocol: 'tcp' }]);
  assert.deepEqual(parsePortShort('[::1]:53:53/udp'), [{ mode: 'ingress', host_ip: '::1', target: 53, published: '53', protocol: 'udp' }]);
  assert.deepEqual(parsePortShort('::1:6000:6001'), [{ mode: 'ingress', host_ip: '::1', target: 6001, published: '6000', protocol: 'tcp' }]);
  assert.throws(() => parsePortShort('80/xyz'), { message: 'invalid proto: xyz' });
  assert.throws(() => parsePortShort('abc'), { message: 'invalid containerPort: abc' });
  assert.throws(() => parsePortShort('8000-8002:80-81'), { message: 'invalid ranges specified for container and host Ports: 80-81 and 8000-8002' });
});

test('volumes: short forms are binds (paths) or volumes (names) with their options', () => {
  const ctx = { baseDir: '/proj', home: '/home/u' };
  assert.deepEqual(parseVolumeShort('./src:/app:ro', ctx), { type: 'bind', source: '/proj/src', target: '/app', read_only: true, bind: { create_host_path: true } });
  assert.deepEqual(parseVolumeShort('~/cache:/c:rw,z', ctx), { type: 'bind', source: '/home/u/cache', target: '/c', read_only: false, bind: { create_host_path: true, selinux: 'z' } });
  assert.deepEqual(parseVolumeShort('data:/data:nocopy', ctx), { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } });
  assert.deepEqual(parseVolumeShort('/var/run', ctx), { type: 'volume', target: '/var/run', volume: {} });
  assert.deepEqual(parseVolumeShort('/abs:/x:rshared', ctx), { type: 'bind', source: '/abs', target: '/x', bind: { create_host_path: true, propagation: 'rshared' } });
  assert.throws(() => parseVolumeShort('a:b:c:d', ctx), { message: 'invalid spec: a:b:c:d: too many colons' });
  assert.throws(() => parseVolumeShort('a::ro', ctx), { message: 'invalid spec: a::ro: empty section between colons' });
});

test('service short syntax becomes the long forms of types.ts', async (t) => {
  const p = projectDir({
    'compose.yaml': `
services:
  web:
    image: busybox
    command: echo "a b" 'c d' e\\ f
    entrypoint: ["/bin/sh", "-c"]
    depends_on: [db]
    environment: [A=1, "B=x=y", C]
    env_file: [web.env, {path: missing.env, required: false}]
    ulimits: {nofile: {soft: 10, hard: 20}, nproc: 65535}
    extra_hosts: ["a.test:10.0.0.1", "b.test=10.0.0.2"]
    healthcheck: {test: "exit 0", interval: 90s, timeout: 1500ms, start_period: "0"}
    mem_limit: 512m
    shm_size: 1g
    cpus: "1.5"
    stop_grace_period: 1m
    sysctls: [net.core.somaxconn=1024]
    labels: {n: 1}
    tmpfs: /run
    dns: 8.8.8.8
    deploy:
      replicas: "2"
      resources: {limits: {cpus: "0.5", memory: 256M}}
    secrets: [s1]
    develop:
      watch: [{path: ./src, action: sync, target: /app}]
  db:
    image: postgres
    build: ./db
    depends_on:
      cache: {condition: service_healthy, restart: true}
      opt: {condition: service_started, required: false}
    networks: [back]
  cache:
    image: redis
networks:
  back:
secrets:
  s1: {environment: TOKEN}
`,
    'web.env': 'C=from-file\nD=d\n',
  });
  t.after(() => p.remove());
  const project = await p.load({ env: { C: 'from-shell' } });
  const web = project.services.web!;
  assert.deepEqual(web.command, ['echo', 'a b', 'c d', 'e f']);
  assert.deepEqual(web.depends_on, { db: { condition: 'service_started', required: true } });
  assert.deepEqual(web.environment, { C: 'from-shell', D: 'd', A: '1', B: 'x=y' });
  assert.deepEqual(web.ulimits, { nofile: { soft: 10, hard: 20 }, nproc: { soft: 65535, hard: 65535 } });
  assert.deepEqual(web.extra_hosts, { 'a.test': ['10.0.0.1'], 'b.test': ['10.0.0.2'] });
  assert.deepEqual(web.healthcheck, { test: ['CMD-SHELL', 'exit 0'], interval: '1m30s', timeout: '1.5s', start_period: '0s' });
  assert.equal(web.mem_limit, 512 * 1024 * 1024);
  assert.equal(web.shm_size, 1024 ** 3);
  assert.equal(web.cpus, 1.5);
  assert.equal(web.stop_grace_period, '1m0s');
  assert.deepEqual(web.sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(web.labels, { n: '1' });
  assert.deepEqual(web.tmpfs, ['/run']);
  assert.deepEqual(web.dns, ['8.8.8.8']);
  assert.deepEqual(web.deploy, { replicas: 2, resources: { limits: { cpus: 0.5, memory: 256 * 1024 * 1024 } } });
  assert.deepEqual(web.secrets, [{ source: 's1' }]);
  assert.deepEqual(web.develop, { watch: [{ path: `${p.dir}/src`, action: 'sync', target: '/app' }] });
  assert.deepEqual(web.networks, { default: null });
  const db = project.services.db!;
  assert.deepEqual(db.build, { context: `${p.dir}/db` });
  assert.deepEqual(db.depends_on, { cache: { condition: 'service_healthy', required: true, restart: true } });
  assert.deepEqual(db.networks, { back: null });
  assert.deepEqual(project.networks, { back: { name: 'proj_back' }, default: { name: 'proj_default' } });
  assert.deepEqual(project.secrets, { s1: { environment: 'TOKEN', name: 'proj_s1' } });
});
