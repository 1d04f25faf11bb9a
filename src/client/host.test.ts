import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HOST, parseHost, resolveHost } from './host.js';

test('daemon discovery order: flag, WHARF_HOST, DOCKER_HOST, default', () => {
  const env = { WHARF_HOST: 'unix:///w.sock', DOCKER_HOST: 'unix:///d.sock' };
  assert.equal(resolveHost('unix:///flag.sock', env), 'unix:///flag.sock');
  assert.equal(resolveHost(undefined, env), 'unix:///w.sock');
  assert.equal(resolveHost(undefined, { DOCKER_HOST: 'unix:///d.sock' }), 'unix:///d.sock');
  assert.equal(resolveHost(undefined, { WHARF_HOST: '', DOCKER_HOST: '' }), DEFAULT_HOST);
  assert.equal(resolveHost(undefined, {}), 'unix:///run/wharf/wharf.sock');
});

test('host addresses', () => {
  assert.deepEqual(parseHost('unix:///run/wharf/wharf.sock'), { kind: 'unix', socketPath: '/run/wharf/wharf.sock' });
  assert.deepEqual(parseHost('/tmp/x.sock'), { kind: 'unix', socketPath: '/tmp/x.sock' });
  assert.deepEqual(parseHost('tcp://127.0.0.1:2376'), { kind: 'tcp', hostname: '127.0.0.1', port: 2376 });
  assert.deepEqual(parseHost('tcp://[::1]'), { kind: 'tcp', hostname: '::1', port: 2375 });
  assert.throws(() => parseHost('ftp://x'), /unable to parse docker host/);
  assert.throws(() => parseHost('unix://relative.sock'), /unable to parse docker host/);
});
