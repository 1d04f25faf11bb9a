import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr, parseCidr } from './ipv4.js';
import { pickSubnet } from './subnet-pool.js';

test('an automatic subnet avoids what the host routes and the other networks, /16 by /16', () => {
  const inUse = ['172.17.0.0/16', '172.18.5.0/24', '172.19.0.0/17'].map(parseCidr);
  assert.equal(formatCidr(pickSubnet(inUse)), '172.20.0.0/16');
  const all172 = [parseCidr('172.16.0.0/12')];
  assert.equal(formatCidr(pickSubnet([...all172, parseCidr('10.0.0.0/15')])), '10.2.0.0/16');
});
