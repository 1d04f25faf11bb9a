import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contains, formatCidr, formatIp, lastAddress, overlaps, parseCidr, parseIp, tryParseCidr, within } from './ipv4.js';
import { pickSubnet } from './subnet-pool.js';

test('addresses and prefixes parse strictly and clear host bits', () => {
  assert.equal(parseIp('10.1.2.3'), 0x0a010203);
  assert.equal(formatIp(0xac110001), '172.17.0.1');
  for (const bad of ['10.1.2', '10.1.2.256', '01.1.1.1', '1.2.3.4.5', 'a.b.c.d']) assert.equal(parseIp(bad), undefined, bad);
  assert.equal(formatCidr(parseCidr('10.1.2.3/16')), '10.1.0.0/16');
  assert.equal(tryParseCidr('10.0.0.0/33'), undefined);
  assert.throws(() => parseCidr('10.0.0.0'), /invalid CIDR address: 10.0.0.0/);
  assert.equal(formatIp(lastAddress(parseCidr('192.168.4.0/22'))), '192.168.7.255');
});

test('overlap, containment and nesting', () => {
  assert.ok(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.213.1.0/24')));
  assert.ok(!overlaps(parseCidr('10.213.1.0/24'), parseCidr('10.213.2.0/24')));
  assert.ok(contains(parseCidr('172.17.0.0/16'), parseIp('172.17.255.254')!));
  assert.ok(within(parseCidr('10.1.1.0/25'), parseCidr('10.1.1.0/24')));
  assert.ok(!within(parseCidr('10.1.0.0/16'), parseCidr('10.1.1.0/24')));
});

test('default pools: first free /16 of 172.17-31, then 10.x', () => {
  assert.equal(formatCidr(pickSubnet([])), '172.17.0.0/16');
  assert.equal(formatCidr(pickSubnet([parseCidr('172.17.5.0/24'), parseCidr('172.18.0.1/32')])), '172.19.0.0/16');
  assert.equal(formatCidr(pickSubnet([parseCidr('172.16.0.0/12')])), '10.0.0.0/16');
});
