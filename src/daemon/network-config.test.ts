import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, parseDaemonArgs } from './flags.js';
import { bridgePrefix, networkOptions } from './network-config.js';

const config = (...args: string[]) => {
  const r = parseDaemonArgs(args);
  assert.equal(r.kind, 'run');
  return r.kind === 'run' ? r.config : DEFAULTS;
};

test('the bridge prefix: the flag, else wharf for the default exec root, else one derived from the exec root', () => {
  assert.equal(bridgePrefix(config('--bridge-prefix', 'abc')), 'abc');
  assert.equal(bridgePrefix(config()), 'wharf');
  const a = bridgePrefix(config('--exec-root', '/tmp/a'));
  assert.match(a, /^w[0-9a-f]{5}$/);
  assert.notEqual(a, bridgePrefix(config('--exec-root', '/tmp/b')));
  assert.equal(a, bridgePrefix(config('--exec-root', '/tmp/a')), 'stable across restarts');
});

test('--bridge, --bip, --fixed-cidr and --dns become the default bridge and the DNS upstreams', () => {
  const o = networkOptions(config('-b', 'br9', '--bip', '10.9.0.1/16', '--fixed-cidr', '10.9.8.0/24', '--dns', '10.0.0.53', '--dns', '10.0.0.54'));
  assert.deepEqual(o.defaultBridge, { device: 'br9', subnet: '10.9.0.1/16', gateway: '10.9.0.1', ipRange: '10.9.8.0/24' });
  assert.deepEqual(o.dnsUpstreams, ['10.0.0.53', '10.0.0.54']);
  assert.throws(() => networkOptions(config('--bip', '10.9.0.1')), /invalid --bip/);
  assert.throws(() => networkOptions(config('--dns', 'dns.example')), /is not an ip address/);
});
