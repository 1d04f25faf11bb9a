import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, parseAddr, servedHosts } from './address.js';

test('--addr is IP:PORT or localhost:PORT', () => {
  assert.deepEqual(parseAddr('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseAddr('[::1]:8080'), { host: '::1', port: 8080 });
  assert.deepEqual(parseAddr('localhost:9'), { host: 'localhost', port: 9 });
  for (const bad of ['127.0.0.1', 'evil.example:80', '127.0.0.1:70000', ':80', '::1:80']) {
    assert.throws(() => parseAddr(bad), /invalid --addr/, bad);
  }
});

test('loopback addresses', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1']) assert.ok(!isLoopback(h), h);
});

test('the Host values that name the server: loopback names and the address served', () => {
  assert.deepEqual([...servedHosts({ host: '127.0.0.1', port: 0 }, 4000)].sort(), ['127.0.0.1:4000', '[::1]:4000', 'localhost:4000']);
  assert.ok(servedHosts({ host: '192.0.2.7', port: 443 }, 443).has('192.0.2.7:443'));
  assert.ok(!servedHosts({ host: '192.0.2.7', port: 443 }, 443).has('evil.example:443'));
});
