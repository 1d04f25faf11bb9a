import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayablePorts } from './port-display.js';
import { parsePublish } from './ports.js';

test('-p forms as go-connections/nat reads them', () => {
  assert.deepEqual(parsePublish(['8080:80']), { exposed: { '80/tcp': {} }, bindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } });
  assert.deepEqual(parsePublish(['127.0.0.1:53:53/udp']).bindings, { '53/udp': [{ HostIp: '127.0.0.1', HostPort: '53' }] });
  assert.deepEqual(parsePublish(['80']).bindings, { '80/tcp': [{ HostIp: '', HostPort: '' }] });
  assert.deepEqual(parsePublish(['[::1]:8080:80']).bindings, { '80/tcp': [{ HostIp: '::1', HostPort: '8080' }] });
  assert.deepEqual(parsePublish(['8000-8001:80-81']).bindings, {
    '80/tcp': [{ HostIp: '', HostPort: '8000' }],
    '81/tcp': [{ HostIp: '', HostPort: '8001' }],
  });
  assert.deepEqual(parsePublish(['8000-8010:80']).bindings, { '80/tcp': [{ HostIp: '', HostPort: '8000-8010' }] });
  assert.deepEqual(parsePublish(['8080:80', '8081:80']).bindings['80/tcp'], [
    { HostIp: '', HostPort: '8080' },
    { HostIp: '', HostPort: '8081' },
  ]);
  assert.deepEqual(parsePublish(['published=8080,target=80,protocol=udp']).bindings, { '80/udp': [{ HostIp: '', HostPort: '8080' }] });
  assert.throws(() => parsePublish(['80/xyz']), /invalid proto: xyz/);
  assert.throws(() => parsePublish(['nope:80:80']), /invalid IP address: nope/);
  assert.throws(() => parsePublish(['8000-8001:80-85']), /invalid ranges specified for container and host Ports/);
});

test("ps's PORTS column", () => {
  assert.equal(
    displayablePorts([
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
    ]),
    '443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
  );
  assert.equal(
    displayablePorts([
      { PrivatePort: 7002, Type: 'tcp' },
      { PrivatePort: 7000, Type: 'tcp' },
      { PrivatePort: 7001, Type: 'tcp' },
      { PrivatePort: 9000, Type: 'udp' },
    ]),
    '7000-7002/tcp, 9000/udp',
  );
  assert.equal(displayablePorts([{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 80, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 81, PublicPort: 81, Type: 'tcp' }]), '0.0.0.0:80-81->80-81/tcp');
  assert.equal(displayablePorts([]), '');
});
