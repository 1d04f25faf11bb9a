import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkHostLine, parseLink } from './hosts.js';

test('--link entries as Docker writes them into /etc/hosts', () => {
  assert.deepEqual(parseLink('/db:/web/database'), { name: 'db', alias: 'database' });
  assert.deepEqual(parseLink('cache'), { name: 'cache', alias: 'cache' });
  assert.throws(() => parseLink(':x'), /invalid link format/);
  const target = { name: 'db', hostname: 'a1b2c3d4e5f6', ip: '172.17.0.2' };
  assert.equal(linkHostLine('database', target), '172.17.0.2\tdatabase a1b2c3d4e5f6 db');
  assert.equal(linkHostLine('db', target), '172.17.0.2\tdb a1b2c3d4e5f6');
  // Docker does not fold a hostname equal to the alias.
  assert.equal(linkHostLine('cache', { name: 'redis', hostname: 'cache', ip: '172.17.0.3' }), '172.17.0.3\tcache cache redis');
});
