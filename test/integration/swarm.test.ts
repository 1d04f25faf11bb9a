/**
 * Swarm endpoints answer as dockerd does on a node outside any swarm (503,
 * Docker's words), never 404: clients read 503 as "no swarm" and carry on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../support/daemon.js';
import { daemonForFile, ok } from '../support/clients.js';
import { http } from '../support/http.js';

let d: Daemon;
daemonForFile((started) => (d = started));

const NOT_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
const NOT_PART = 'This node is not part of a swarm';
const KUBERNETES = /Kubernetes, not Swarm/;

test('docker service/node/secret/config ls fail with Docker\'s "not a swarm manager"', async () => {
  for (const args of [['service', 'ls'], ['node', 'ls'], ['secret', 'ls'], ['config', 'ls']]) {
    const r = await d.docker(args);
    assert.notEqual(r.code, 0, `docker ${args.join(' ')} succeeded`);
    assert.ok(r.stderr.includes(NOT_MANAGER), `docker ${args.join(' ')}: ${r.stderr}`);
  }
});

test('docker swarm init says Wharf goes beyond one host through Kubernetes', async () => {
  const r = await d.docker(['swarm', 'init']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, KUBERNETES);
});

test('docker swarm leave says the node is not part of a swarm', async () => {
  const r = await d.docker(['swarm', 'leave']);
  assert.notEqual(r.code, 0);
  assert.ok(r.stderr.includes(NOT_PART), r.stderr);
});

test('docker info shows Swarm inactive', async () => {
  assert.equal(await ok((a) => d.docker(a), ['info', '--format', '{{.Swarm.LocalNodeState}}']), 'inactive');
});

test('every swarm endpoint, any method, with or without a version prefix: 503 with Docker\'s message', async () => {
  const cases: [string, string, string | RegExp][] = [
    ['GET', '/swarm', NOT_MANAGER],
    ['GET', '/swarm/unlockkey', NOT_MANAGER],
    ['POST', '/swarm/update', NOT_MANAGER],
    ['POST', '/swarm/unlock', NOT_MANAGER],
    ['POST', '/swarm/leave', NOT_PART],
    ['POST', '/swarm/init', KUBERNETES],
    ['POST', '/swarm/join', KUBERNETES],
    ['GET', '/nodes', NOT_MANAGER],
    ['GET', '/nodes/abc', NOT_MANAGER],
    ['POST', '/nodes/abc/update?version=1', NOT_MANAGER],
    ['DELETE', '/nodes/abc', NOT_MANAGER],
    ['GET', '/services', NOT_MANAGER],
    ['POST', '/services/create', NOT_MANAGER],
    ['GET', '/services/web', NOT_MANAGER],
    ['DELETE', '/services/web', NOT_MANAGER],
    ['GET', '/services/web/logs?stdout=1', NOT_MANAGER],
    ['GET', '/tasks', NOT_MANAGER],
    ['GET', '/tasks/t1/logs?stdout=1', NOT_MANAGER],
    ['GET', '/secrets', NOT_MANAGER],
    ['POST', '/secrets/create', NOT_MANAGER],
    ['DELETE', '/secrets/s1', NOT_MANAGER],
    ['GET', '/configs', NOT_MANAGER],
    ['POST', '/configs/c1/update', NOT_MANAGER],
  ];
  for (const [method, path, want] of cases) {
    for (const prefix of ['', '/v1.43']) {
      const r = await http(d.socket, method, prefix + path, method === 'POST' ? '{}' : undefined);
      const what = `${method} ${prefix}${path}`;
      assert.equal(r.status, 503, `${what}: ${r.status} ${r.body}`);
      const { message } = JSON.parse(r.body) as { message: string };
      if (typeof want === 'string') assert.equal(message, want, what);
      else assert.match(message, want, what);
    }
  }
});
