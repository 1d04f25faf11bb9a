import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkHostLines, parseLink } from './hosts.js';

test('--link entries as Docker writes them into /etc/hosts', () => {
  assert.deepEqual(parseLink('/db:/web/database'), { name: 'db', alias: 'database' });
  assert.deepEqual(parseLink('cache'), { name: 'cache', alias: 'cache' });
  assert.throws(() => parseLink(':x'), /invalid link format/);
  const target = { name: 'db', id: 'a1b2c3d4e5f6'.padEnd(64, '0'), ip: '172.17.0.2' };
  assert.equal(linkHostLines([{ alias: 'database', target }, { alias: 'db', target }]), '172.17.0.2\tdatabase a1b2c3d4e5f6 db\n172.17.0.2\tdb a1b2c3d4e5f6\n');
});
