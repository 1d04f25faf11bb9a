import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notFound } from '../../errdefs/index.js';
import type { NetworkRecord, NetworkService } from '../../network/index.js';
import { configureNetworks, ownsSandbox, primaryNetwork } from './endpoints.js';

function net(name: string, extra: Partial<NetworkRecord> = {}): NetworkRecord {
  const bridge = { device: `d-${name}`, subnet: '10.1.0.0/24', gateway: '10.1.0.1', userSubnet: true, dns: true, masquerade: true, icc: true };
  return { id: `${name}-id`, name, driver: 'bridge', created: '', builtin: false, internal: false, attachable: false, labels: {}, options: {}, ipamOptions: null, bridge, ...extra };
}

const NETS = [net('bridge', { builtin: true }), net('host', { builtin: true, driver: 'host', bridge: undefined }), net('front'), net('back')];
// Pure logic: only get() is asked of the service.
const service = {
  get(ref: string): NetworkRecord {
    const n = NETS.find((x) => x.name === ref || x.id === ref);
    if (!n) throw notFound(`network ${ref} not found`);
    return n;
  },
} as unknown as NetworkService;

test('modes: default is the bridge network; host, none and container: have no sandbox of their own', () => {
  assert.equal(primaryNetwork(undefined), 'bridge');
  assert.equal(primaryNetwork('front'), 'front');
  assert.deepEqual(['default', 'front', 'host', 'none', 'container:x'].map(ownsSandbox), [true, true, false, false, false]);
});

test('configureNetworks: the mode network first, then EndpointsConfig, with Docker validation', () => {
  const nets = configureNetworks(service, { NetworkMode: 'front' }, { MacAddress: '02:42:AC:11:00:02' }, { EndpointsConfig: { front: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.1.0.9' } }, back: {} } });
  assert.deepEqual(Object.keys(nets), ['front', 'back']);
  assert.deepEqual(nets.front, { IPAMConfig: { IPv4Address: '10.1.0.9' }, Aliases: ['web'], MacAddress: '02:42:ac:11:00:02' });
  assert.deepEqual(configureNetworks(service, { NetworkMode: 'default' }, {}, { EndpointsConfig: { default: {} } }), { bridge: {} });
  assert.throws(() => configureNetworks(service, { NetworkMode: 'default' }, {}, { EndpointsConfig: { bridge: { Aliases: ['a'] } } }), /network-scoped alias is supported only for containers in user defined networks/);
  assert.throws(() => configureNetworks(service, {}, {}, { EndpointsConfig: { bridge: { IPAMConfig: { IPv4Address: '10.1.0.9' } } } }), /user specified IP address is supported on user defined networks only/);
  assert.throws(() => configureNetworks(service, { NetworkMode: 'front' }, { MacAddress: 'nope' }, undefined), /invalid MAC address/);
  assert.throws(() => configureNetworks(service, { NetworkMode: 'nosuch' }, {}, undefined), /network nosuch not found/);
  assert.throws(() => configureNetworks(service, { PortBindings: { '70000/tcp': [{ HostPort: '1' }] } }, {}, undefined), /invalid port specification/);
  assert.throws(() => configureNetworks(service, { NetworkMode: 'host' }, {}, { EndpointsConfig: { front: {} } }), /cannot be connected to any other network/);
});
