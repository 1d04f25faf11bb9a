import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { PortAllocator, portRequests, portsMap } from './ports.js';

test('-p and -P become requests; inspect shows every exposed port', () => {
  const reqs = portRequests(
    { '80/tcp': {}, '53/udp': {}, '9000/tcp': {} },
    { '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '' }], '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5300-5310' }] },
    true,
  );
  assert.deepEqual(reqs, [
    { hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPort: 80, protocol: 'tcp' },
    { hostIp: '127.0.0.1', hostPortStart: 0, hostPortEnd: 0, containerPort: 80, protocol: 'tcp' },
    { hostIp: '', hostPortStart: 5300, hostPortEnd: 5310, containerPort: 53, protocol: 'udp' },
    { hostIp: '', hostPortStart: 0, hostPortEnd: 0, containerPort: 9000, protocol: 'tcp' },
  ]);
  assert.deepEqual(portsMap({ '80/tcp': {}, '443/tcp': {} }, [{ hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]), {
    '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }],
    '443/tcp': null,
  });
  assert.throws(() => portRequests({}, { '80/tcp': [{ HostPort: '9-1' }] }, false), /invalid port specification: "9-1"/);
});

test('allocator: busy and held ports refused all-or-nothing, random ports from the range, release frees', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const busy = (blocker.address() as { port: number }).port;
  try {
    const a = new PortAllocator([busy + 1, busy + 3]);
    const tcp = (hostPortStart: number, hostPortEnd = hostPortStart) => ({ hostIp: '127.0.0.1', hostPortStart, hostPortEnd, containerPort: 80, protocol: 'tcp' as const });
    await assert.rejects(a.allocate('e1', [tcp(0), tcp(busy)], 'ep'), new RegExp(`ep: Bind for 127.0.0.1:${busy} failed: port is already allocated$`));
    const [m1] = await a.allocate('e1', [tcp(busy + 1)], 'ep');
    assert.equal(m1?.hostPort, busy + 1, 'the failed call gave its random port back');
    await assert.rejects(a.allocate('e2', [{ ...tcp(busy + 1), hostIp: '' }], 'ep'), /port is already allocated/, '0.0.0.0 collides with a held address');
    const [m2] = await a.allocate('e2', [tcp(busy + 1, busy + 3)], 'ep');
    assert.equal(m2?.hostPort, busy + 2);
    const [m4] = await a.allocate('e4', [tcp(0)], 'ep');
    assert.equal(m4?.hostPort, busy + 3, 'random skips held ports');
    a.release('e1');
    const [m3] = await a.allocate('e3', [tcp(busy + 1)], 'ep');
    assert.equal(m3?.hostPort, busy + 1);
  } finally {
    await new Promise<void>((r) => blocker.close(() => r()));
  }
});
