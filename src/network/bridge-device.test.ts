import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bridgeCommands } from './bridge-device.js';
import type { NetworkRecord } from './types.js';

const rec: NetworkRecord = {
  id: 'a'.repeat(64),
  name: 'bridge',
  driver: 'bridge',
  created: '',
  builtin: true,
  internal: false,
  attachable: false,
  labels: {},
  options: {},
  ipamOptions: null,
  bridge: { device: 'wt0', subnet: '10.9.0.0/24', gateway: '10.9.0.1', userSubnet: false, dns: false, masquerade: true, icc: true },
};

test('an address the record does not hold is removed from the bridge, the wanted one kept', () => {
  const current = { device: 'wt0', alias: `wharf:wt:${rec.id}`, up: true, mtu: 1500, addresses: ['172.18.0.1/16', '10.9.0.1/24'] };
  assert.deepEqual(bridgeCommands(rec, 'wt', current), ['addr del 172.18.0.1/16 dev wt0']);
  assert.deepEqual(bridgeCommands(rec, 'wt', { ...current, addresses: ['10.9.0.1/24'] }), []);
  const operators = { ...rec, bridge: { ...rec.bridge!, device: 'br0' } };
  assert.deepEqual(bridgeCommands(operators, 'wt', { ...current, device: 'br0', addresses: ['10.9.0.1/24', '192.168.5.1/24'] }), [], 'an operator bridge keeps its addresses');
});
