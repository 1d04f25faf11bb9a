import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKind } from '../errdefs/index.js';
import { userNetworkRecord, type PoolChoice } from './create-config.js';
import { parseCidr } from './ipv4.js';

const pools = (taken: string[] = []): PoolChoice => ({ taken: taken.map(parseCidr), pick: async () => parseCidr('172.18.0.0/16'), taken6: [], hostId: 'test-host' });

test('a user network gets a bridge, a picked or given pool, Docker option defaults', async () => {
  const picked = await userNetworkRecord({ Name: 'app' }, [], 'wharf', pools());
  assert.equal(picked.bridge?.device, `wharf-${picked.id.slice(0, 9)}`);
  assert.equal(picked.bridge?.device.length, 15);
  assert.deepEqual([picked.bridge?.subnet, picked.bridge?.gateway, picked.bridge?.userSubnet, picked.bridge?.dns], ['172.18.0.0/16', '172.18.0.1', false, true]);
  const given = await userNetworkRecord(
    { Name: 'db', Internal: true, IPAM: { Config: [{ Subnet: '10.5.0.0/16', Gateway: '10.5.0.254', IPRange: '10.5.1.0/24' }] }, Options: { 'com.docker.network.bridge.name': 'dbbr', 'com.docker.network.bridge.enable_icc': 'false' } },
    [],
    'wharf',
    pools(),
  );
  assert.deepEqual(given.bridge, { device: 'dbbr', subnet: '10.5.0.0/16', gateway: '10.5.0.254', ipRange: '10.5.1.0/24', userSubnet: true, dns: true, masquerade: true, icc: false });
  assert.equal(given.internal, true);
});

test("Docker's refusals: predefined, duplicate, overlap, bad CIDR, gateway or range outside, unknown driver", async () => {
  const existing = [await userNetworkRecord({ Name: 'app' }, [], 'wharf', pools())];
  const cases: Array<[Parameters<typeof userNetworkRecord>[0], string, RegExp]> = [
    [{ Name: 'bridge' }, 'forbidden', /operation is not permitted on predefined bridge network/],
    [{ Name: 'app' }, 'conflict', /^network with name app already exists$/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '172.18.3.0/24' }] } }, 'forbidden', /^Pool overlaps with other one on this address space$/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '10.0.0.0/40' }] } }, 'invalid-argument', /invalid CIDR address: 10.0.0.0\/40/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '10.9.0.0/16', Gateway: '10.8.0.1' }] } }, 'forbidden', /no matching subnet for gateway 10.8.0.1/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '10.9.0.0/16', IPRange: '10.8.0.0/24' }] } }, 'forbidden', /no matching subnet for range/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '127.0.0.0/24' }] } }, 'invalid-argument', /^invalid subnet 127.0.0.0\/24: it overlaps 127.0.0.0\/8, loopback/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '224.1.0.0/16' }] } }, 'invalid-argument', /overlaps 224.0.0.0\/4, multicast/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '169.254.3.0/24' }] } }, 'invalid-argument', /overlaps 169.254.0.0\/16, link-local/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '255.255.255.0/24' }] } }, 'invalid-argument', /overlaps 240.0.0.0\/4/],
    [{ Name: 'x', IPAM: { Config: [{ Subnet: '0.0.0.0/16' }] } }, 'invalid-argument', /overlaps 0.0.0.0\/8/],
    [{ Name: 'x', Driver: 'overlay' }, 'not-found', /plugin "overlay" not found/],
    [{ Name: 'x', Driver: 'host' }, 'forbidden', /only one instance of "host" network is allowed/],
  ];
  for (const [req, kind, msg] of cases) {
    await assert.rejects(userNetworkRecord(req, existing, 'wharf', pools(['172.18.0.0/16'])), (e: unknown) => isKind(e, kind as never) && msg.test((e as Error).message), JSON.stringify(req));
  }
});
