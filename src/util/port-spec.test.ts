import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostPortRange, parsePortKey, tryParsePortKey } from './port-spec.js';

test('container port keys: 1–65535 and tcp, udp or sctp only', () => {
  assert.deepEqual(parsePortKey('80'), { port: 80, protocol: 'tcp' });
  assert.deepEqual(parsePortKey('53/udp'), { port: 53, protocol: 'udp' });
  assert.deepEqual(parsePortKey('65535/sctp'), { port: 65535, protocol: 'sctp' });
  for (const bad of ['99999/tcp', '0/tcp', '65536', '80/icmp', '', '/tcp', '-1/tcp', '8e1/tcp', '80/tcp/x']) {
    assert.equal(tryParsePortKey(bad), undefined, bad);
  }
  assert.throws(() => parsePortKey('99999/tcp'), { message: 'invalid port specification: "99999/tcp"' });
});

test('host ports: empty means any, ranges are ordered and within 65535', () => {
  assert.deepEqual(parseHostPortRange(''), [0, 0]);
  assert.deepEqual(parseHostPortRange('8080'), [8080, 8080]);
  assert.deepEqual(parseHostPortRange('8000-8010'), [8000, 8010]);
  for (const bad of ['99999', '8010-8000', '1-70000', 'abc', '80/tcp']) assert.throws(() => parseHostPortRange(bad), /invalid port specification/, bad);
});
