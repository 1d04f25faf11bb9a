import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKind } from '../errdefs/index.js';
import { formatCidr6, formatIp6, overlaps6, parseCidr6, parseIp6, pickSubnet6, tryParseCidr6, ulaBase } from './ipv6.js';
import { checkRequestedIp6, requireHostIPv6, resolvePool6 } from './pool6.js';
import type { NetworkRecord } from './types.js';

test('IPv6 text round-trips in RFC 5952 form', () => {
  for (const [text, canonical] of [
    ['fd00:0:0:0:0:0:0:1', 'fd00::1'],
    ['FD00::0001', 'fd00::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::ffff:10.1.2.3', '::ffff:a01:203'],
    ['fd00:1:2:3:4:5:6:7', 'fd00:1:2:3:4:5:6:7'],
  ]) {
    assert.equal(formatIp6(parseIp6(text!)!), canonical, text);
  }
  for (const bad of ['10.0.0.1', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'fd00::g', '1::2::3', 'fe80::1%eth0', '12345::1']) assert.equal(parseIp6(bad), undefined, bad);
  assert.equal(formatCidr6(parseCidr6('fd00:1:2:3:4::1/64')), 'fd00:1:2:3::/64', 'host bits cleared');
  assert.equal(tryParseCidr6('fd00::/129'), undefined);
  assert.ok(overlaps6(parseCidr6('fd00:1::/64'), parseCidr6('fd00:1::/80')));
  assert.ok(!overlaps6(parseCidr6('fd00:1::/64'), parseCidr6('fd00:2::/64')));
});

test("the ULA pool is dockerd's: fd00::/8 + 40 bits of sha256(host id), /48 split into /64s", () => {
  // sha256("wharf-test") begins 0x…e5_0257_cc50 in its first 8 bytes' low 40 bits.
  assert.equal(formatCidr6(ulaBase('wharf-test')), 'fde5:257:cc50::/48');
  assert.equal(formatCidr6(pickSubnet6('wharf-test', [])!), 'fde5:257:cc50::/64');
  assert.equal(formatCidr6(pickSubnet6('wharf-test', [parseCidr6('fde5:257:cc50::/64')])!), 'fde5:257:cc50:1::/64');
});

test('an IPv6 pool: gateway first address by default, user gateway and range checked, overlaps refused', () => {
  assert.deepEqual(resolvePool6({ Subnet: 'fd00:9::/64' }, [], 'h'), { subnet: 'fd00:9::/64', gateway: 'fd00:9::1', userSubnet: true });
  assert.deepEqual(resolvePool6({ Subnet: 'fd00:9::/64', Gateway: 'fd00:9::fe', IPRange: 'fd00:9::/80' }, [], 'h'), {
    subnet: 'fd00:9::/64',
    gateway: 'fd00:9::fe',
    ipRange: 'fd00:9::/80',
    userSubnet: true,
  });
  const refused = (cfg: Parameters<typeof resolvePool6>[0], kind: Parameters<typeof isKind>[1], re: RegExp, taken: string[] = []) =>
    assert.throws(() => resolvePool6(cfg, taken.map(parseCidr6), 'h'), (e: Error) => isKind(e, kind) && re.test(e.message));
  refused({ Subnet: 'fd00:9::/64' }, 'forbidden', /^Pool overlaps with other one on this address space$/, ['fd00:9::/48']);
  refused({ Subnet: 'fd00:9::/64', Gateway: 'fd00:8::1' }, 'forbidden', /no matching subnet for gateway fd00:8::1/);
  refused({ Subnet: 'fd00:9::/64', IPRange: 'fd00:8::/80' }, 'forbidden', /no matching subnet for range/);
  refused({ Subnet: 'fe80::/64' }, 'invalid-argument', /link-local/);
  refused({ Subnet: 'fd00:9::/200' }, 'invalid-argument', /invalid CIDR address/);
});

test('a host with IPv6 disabled is refused, never switched on', async () => {
  const proc = await mkdtemp(join(tmpdir(), 'wproc-'));
  try {
    const set = async (all: string, def: string) => {
      for (const [scope, v] of [['all', all], ['default', def]] as const) {
        await mkdir(join(proc, 'sys/net/ipv6/conf', scope), { recursive: true });
        await writeFile(join(proc, 'sys/net/ipv6/conf', scope, 'disable_ipv6'), `${v}\n`);
      }
    };
    await set('0', '0');
    await requireHostIPv6(proc);
    await set('1', '0');
    await assert.rejects(requireHostIPv6(proc), (e: Error) => isKind(e, 'failed-precondition') && /IPv6 is disabled on this host \(net\.ipv6\.conf\.all\.disable_ipv6=1\)/.test(e.message));
    await rm(join(proc, 'sys'), { recursive: true });
    await assert.rejects(requireHostIPv6(proc), /no IPv6 support/);
  } finally {
    await rm(proc, { recursive: true, force: true });
  }
});

test("--ip6 is checked as dockerd checks endpoint settings", () => {
  const net = (ipv6?: { subnet: string; gateway: string; userSubnet: boolean }, builtin = false): NetworkRecord => ({
    id: 'n', name: 'n', driver: 'bridge', created: '', builtin, internal: false, attachable: false, labels: {}, options: {}, ipamOptions: null,
    bridge: { device: 'b', subnet: '10.0.0.0/24', gateway: '10.0.0.1', userSubnet: true, dns: true, masquerade: true, icc: true, ...(ipv6 ? { ipv6 } : {}) },
  });
  const given = { subnet: 'fd00:5::/64', gateway: 'fd00:5::1', userSubnet: true };
  checkRequestedIp6(net(given), 'fd00:5::9');
  const says = (n: NetworkRecord, ip: string, re: RegExp) => assert.throws(() => checkRequestedIp6(n, ip), (e: Error) => isKind(e, 'invalid-argument') && /^invalid endpoint settings:\n/.test(e.message) && re.test(e.message));
  says(net(given), 'fd00:6::9', /no configured subnet or ip-range contain the IP address fd00:6::9/);
  says(net(), 'fd00:5::9', /user specified IP address is supported only when connecting to networks with user configured subnets/);
  says(net({ ...given, userSubnet: false }), 'fd00:5::9', /user configured subnets/);
  says(net(given, true), 'fd00:5::9', /supported on user defined networks only/);
  says(net(given), '10.0.0.9', /invalid IPv6 address: 10\.0\.0\.9/);
});
