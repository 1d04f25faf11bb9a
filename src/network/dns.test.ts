import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { RCODE, TYPE_A, TYPE_AAAA, TYPE_PTR, buildAnswer, encodeName, parseQuery } from './dns-message.js';
import { resolveName, type NameView } from './dns-names.js';
import { DnsRouter } from './dns-router.js';
import type { EndpointRecord, NetworkRecord } from './types.js';

function query(name: string, type: number, id = 0x1234): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(0x0100, 2); // RD
  h.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([h, encodeName(name), tail]);
}

/** rcode and the A addresses of a reply (answers follow the echoed question). */
function readReply(buf: Buffer): { rcode: number; ips: string[] } {
  // parseQuery reads only queries: present the reply's question as one (flags cleared) to find where it ends.
  const q = parseQuery(Buffer.concat([buf.subarray(0, 2), Buffer.from([1, 0]), buf.subarray(4)]))!;
  let pos = 12 + q.question.length;
  const ips: string[] = [];
  for (let i = 0; i < buf.readUInt16BE(6); i++) {
    const len = buf.readUInt16BE(pos + 10);
    if (buf.readUInt16BE(pos + 2) === TYPE_A) ips.push([...buf.subarray(pos + 12, pos + 16)].join('.'));
    pos += 12 + len;
  }
  return { rcode: buf.readUInt16BE(2) & 0xf, ips };
}

const rec = (id: string, name: string, subnet: string, gateway: string, internal = false): NetworkRecord => ({
  id,
  name,
  driver: 'bridge',
  created: '',
  builtin: false,
  internal,
  attachable: false,
  labels: {},
  options: {},
  ipamOptions: null,
  bridge: { device: name, subnet, gateway, userSubnet: true, dns: true, masquerade: true, icc: true },
});
const ep = (networkId: string, containerId: string, containerName: string, ip: string, aliases: string[] = []): EndpointRecord => ({
  networkId, endpointId: 'e', containerId, containerName, aliases, ifName: 'eth0', ip, prefixLen: 24, gateway: '', mac: '', ports: [], cniResult: {},
});

const front = rec('n1', 'front', '10.1.0.0/24', '10.1.0.1');
const back = rec('n2', 'back', '10.2.0.0/24', '10.2.0.1');
const other = rec('n3', 'other', '10.3.0.0/24', '10.3.0.1', true);
const endpoints = [
  ep('n1', 'a'.repeat(64), 'web', '10.1.0.2', ['www']),
  ep('n1', 'b'.repeat(64), 'proxy', '10.1.0.3'),
  ep('n2', 'b'.repeat(64), 'proxy', '10.2.0.3'),
  ep('n2', 'c'.repeat(64), 'db', '10.2.0.4', ['store']),
  ep('n2', 'd'.repeat(64), 'db2', '10.2.0.5', ['store']),
  ep('n3', 'e'.repeat(64), 'lonely', '10.3.0.2'),
];
const view: NameView = { network: (id) => [front, back, other].find((n) => n.id === id), endpoints: () => endpoints };

test('names resolve only for containers sharing a network with the asker', () => {
  const ask = (name: string, net: NetworkRecord, source: string, type = TYPE_A) => resolveName(parseQuery(query(name, type))!, net, source, view);
  assert.deepEqual(ask('WEB', front, '10.1.0.3'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.1.0.2' }] });
  assert.deepEqual(ask('www', front, '10.1.0.1'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.1.0.2' }] }, 'the host, through the gateway');
  assert.deepEqual(ask('aaaaaaaaaaaa', front, '10.1.0.3'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.1.0.2' }] });
  assert.deepEqual(ask('db.back', front, '10.1.0.3'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.2.0.4' }] }, 'proxy is on back too');
  const store = ask('store', back, '10.2.0.3');
  assert.equal(store.kind, 'answer');
  // Shuffled, as libnetwork answers a shared alias.
  assert.deepEqual(store.kind === 'answer' && store.answers.map((a) => ('ip' in a ? a.ip : '')).sort(), ['10.2.0.4', '10.2.0.5']);
  assert.deepEqual(ask('web', back, '10.2.0.4'), { kind: 'forward' }, 'db shares no network with web');
  assert.deepEqual(ask('web', front, '10.2.0.4'), { kind: 'refused' }, 'asking through a network one is not on');
  assert.deepEqual(ask('web', front, '10.1.0.3', TYPE_AAAA), { kind: 'answer', answers: [] });
  assert.deepEqual(ask('2.0.1.10.in-addr.arpa', front, '10.1.0.3', TYPE_PTR), { kind: 'answer', answers: [{ type: TYPE_PTR, name: 'web.front' }] });
  assert.deepEqual(ask('example.com', other, '10.3.0.2'), { kind: 'nxdomain' }, 'internal networks do not forward');
});

test('a container that is not ready answers for its name but for none of its aliases (a Service name)', () => {
  const notReady: NameView = { ...view, endpoints: () => endpoints.map((e) => (e.containerName === 'db' ? { ...e, notReady: true } : e)) };
  const ask = (name: string) => resolveName(parseQuery(query(name, TYPE_A))!, back, '10.2.0.3', notReady);
  assert.deepEqual(ask('store'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.2.0.5' }] }, 'only the ready one shares the alias');
  assert.deepEqual(ask('db'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.2.0.4' }] });
});

test('a link alias resolves for the linking container only, on the network the link is on', () => {
  const linking = { ...ep('n1', 'f'.repeat(64), 'app', '10.1.0.9'), links: [{ name: 'Web', alias: 'backend' }] };
  const withLink: NameView = { network: view.network, endpoints: () => [...endpoints, linking] };
  const ask = (name: string, net: NetworkRecord, source: string) => resolveName(parseQuery(query(name, TYPE_A))!, net, source, withLink);
  assert.deepEqual(ask('backend', front, '10.1.0.9'), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.1.0.2' }] });
  assert.deepEqual(ask('backend', front, '10.1.0.3'), { kind: 'forward' }, 'another container does not see the alias');
});

test('the listener answers over UDP and TCP and forwards the rest upstream', async () => {
  const upstream = createSocket('udp4');
  upstream.on('message', (m, r) => upstream.send(buildAnswer(parseQuery(m)!, [{ type: TYPE_A, ip: '192.0.2.99' }]), r.port, r.address));
  await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', () => r()));
  const loop = rec('n9', 'loop', '127.0.0.0/8', '127.0.0.1');
  // A free loopback port, probed, since the listener takes a fixed one.
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
  const port = probe.address().port;
  probe.close();
  const routed = new DnsRouter(port, [{ host: '127.0.0.1', port: upstream.address().port }], { network: () => loop, endpoints: () => [ep('n9', 'f'.repeat(64), 'svc', '127.0.0.5')] });
  await routed.open(loop);
  const client = createSocket('udp4');
  try {
    const udpAsk = (q: Buffer) =>
      new Promise<Buffer>((resolve) => {
        client.once('message', (m) => resolve(m));
        client.send(q, port, '127.0.0.1');
      });
    assert.deepEqual(readReply(await udpAsk(query('svc', TYPE_A, 7))), { rcode: RCODE.NOERROR, ips: ['127.0.0.5'] });
    assert.deepEqual(readReply(await udpAsk(query('example.org', TYPE_A, 8))), { rcode: RCODE.NOERROR, ips: ['192.0.2.99'] });
    const tcpReply = await new Promise<Buffer>((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      const q = query('svc', TYPE_A, 9);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(q.length);
      let got = Buffer.alloc(0);
      s.on('data', (c: Buffer) => {
        got = Buffer.concat([got, c]);
        if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
          s.destroy();
          resolve(got.subarray(2));
        }
      });
      s.on('error', reject);
      s.write(Buffer.concat([len, q]));
    });
    assert.deepEqual(readReply(tcpReply), { rcode: RCODE.NOERROR, ips: ['127.0.0.5'] });
    assert.equal(tcpReply.readUInt16BE(0), 9);
  } finally {
    client.close();
    upstream.close();
    await routed.closeAll();
  }
});

test('AAAA answers carry the IPv6 addresses of dual-stack endpoints; ip6.arpa names resolve back', () => {
  const dual = { ...rec('n6', 'dual', '10.6.0.0/24', '10.6.0.1'), bridge: { ...rec('n6', 'dual', '10.6.0.0/24', '10.6.0.1').bridge!, ipv6: { subnet: 'fd00:6::/64', gateway: 'fd00:6::1', userSubnet: true } } };
  const six = [{ ...ep('n6', 'f'.repeat(64), 'api', '10.6.0.2'), ip6: 'fd00:6::2', prefixLen6: 64 }, ep('n6', '9'.repeat(64), 'v4only', '10.6.0.3')];
  const v: NameView = { network: () => dual, endpoints: () => six };
  const ask = (name: string, type: number) => resolveName(parseQuery(query(name, type))!, dual, '10.6.0.3', v);
  assert.deepEqual(ask('api', TYPE_AAAA), { kind: 'answer', answers: [{ type: TYPE_AAAA, ip: 'fd00:6::2' }] });
  assert.deepEqual(ask('api', TYPE_A), { kind: 'answer', answers: [{ type: TYPE_A, ip: '10.6.0.2' }] });
  assert.deepEqual(ask('v4only', TYPE_AAAA), { kind: 'answer', answers: [] }, 'no IPv6 address: an empty NOERROR, not a forward');
  const rev = `${'2.0.0.0.'}${'0.0.0.0.'.repeat(3)}${'0.0.0.0.'.repeat(2)}6.0.0.0.0.0.d.f.ip6.arpa`;
  assert.deepEqual(ask(rev, TYPE_PTR), { kind: 'answer', answers: [{ type: TYPE_PTR, name: 'api.dual' }] });
  // The wire form: 16 bytes of address in the AAAA record.
  const reply = buildAnswer(parseQuery(query('api', TYPE_AAAA))!, [{ type: TYPE_AAAA, ip: 'fd00:6::2' }]);
  assert.equal(reply.subarray(reply.length - 16).toString('hex'), 'fd000006000000000000000000000002');
});
