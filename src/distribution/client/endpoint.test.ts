import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalidArgument } from '../../errdefs/index.js';
import { domainOfServerAddress, InsecureRegistries, resolveEndpoint } from './endpoint.js';

test('Docker Hub, loopback and listed registries', () => {
  const insecure = new InsecureRegistries(['myreg.local:5000', 'http://other:80/', '10.1.0.0/16', 'fd00::/8']);
  assert.deepEqual(resolveEndpoint('docker.io', insecure), { domain: 'docker.io', host: 'registry-1.docker.io', schemes: ['https'], insecure: false });
  assert.deepEqual(resolveEndpoint('localhost:5000', insecure).schemes, ['https', 'http']);
  for (const d of ['127.0.0.1:5000', '127.3.4.5', 'myreg.local:5000', 'other:80', '10.1.2.3:443', '[fd00::1]:5000']) assert.equal(insecure.has(d), true, d);
  for (const d of ['myreg.local', 'myreg.local:5001', '10.2.0.1', 'example.com', '[::2]:5000']) assert.equal(insecure.has(d), false, d);
  assert.throws(() => new InsecureRegistries(['10.0.0.0/40']), isInvalidArgument);
});

test('server addresses as docker login takes them', () => {
  for (const a of ['', 'https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']) assert.equal(domainOfServerAddress(a), 'docker.io', a);
  assert.equal(domainOfServerAddress('http://localhost:5000/'), 'localhost:5000');
  assert.equal(domainOfServerAddress('Registry.Example.com/v2/'), 'registry.example.com');
});
