import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceConfig } from '../types.js';
import { serviceHash } from './config-hash.js';

const base: ServiceConfig = { name: 'web', image: 'busybox', command: ['httpd', '-f'], environment: { A: '1', B: '2' } };

test('the hash is stable over key order and ignores what does not change a container', () => {
  const reordered: ServiceConfig = { environment: { B: '2', A: '1' }, command: ['httpd', '-f'], image: 'busybox', name: 'web' };
  assert.equal(serviceHash(reordered), serviceHash(base));
  assert.equal(serviceHash({ ...base, scale: 3, deploy: { replicas: 2 }, depends_on: { db: { condition: 'service_started', required: true } } }), serviceHash({ ...base, deploy: {} }));
  assert.equal(serviceHash({ ...base, build: { context: '/x' }, pull_policy: 'always' }), serviceHash(base));
});

test('what shapes the container changes the hash', () => {
  assert.notEqual(serviceHash({ ...base, environment: { A: '1', B: '3' } }), serviceHash(base));
  assert.notEqual(serviceHash({ ...base, command: ['httpd'] }), serviceHash(base));
  assert.match(serviceHash(base), /^[0-9a-f]{64}$/);
});
