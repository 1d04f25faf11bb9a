/**
 * Real bridges, netns, CNI plugins and iptables (root only). Traffic goes only to
 * loopback and to addresses on the bridges this test makes; the DNS forwarder's
 * upstream is a fake on 127.0.0.1. Everything made is removed at the end, and the
 * end checks that no bridge, veth, mount or iptables rule is left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { newId } from '../../src/util/ids.js';
import { buildAnswer, parseQuery, TYPE_A } from '../../src/network/dns-message.js';
import { hostRoutes } from '../../src/network/subnet-pool.js';
import { overlaps, parseCidr } from '../../src/network/ipv4.js';
import { BridgeNetworks } from '../../src/network/service.js';
import { deleteBridge } from '../../src/network/bridge-device.js';
import { removeNetns } from '../../src/network/netns.js';
import type { NetworkServiceOptions } from '../../src/network/types.js';
import { waitFor } from '../support/wait.js';
import { type HostSnapshot, addedSince, httpGet, inNetns, linksOf, mountsUnder, restoreHost, snapshotHost, spawnInNetns, stopProcess } from '../../src/network/testing/host-tools.js';

/** Three /24s in one 10.x.0.0/16 that no host route touches (test daemons elsewhere on the host take their own). */
let SUBNETS: string[] = [];
/** The first two octets of SUBNETS, e.g. `10.213`. */
let B = '';

async function pickFreeSubnets(): Promise<void> {
  const routes = await hostRoutes();
  for (let i = 0; i < 100; i++) {
    const b = `10.${200 + randomInt(40)}`;
    const candidates = [1, 2, 3].map((n) => `${b}.${n}.0/24`);
    if (candidates.some((s) => routes.some((r) => overlaps(r, parseCidr(s))))) continue;
    [B, SUBNETS] = [b, candidates];
    return;
  }
  throw new Error('no free 10.x test subnets: host routes cover them all');
}
const canRun = process.getuid?.() === 0 && existsSync('/usr/lib/cni/bridge');
const skip = canRun ? false : 'needs root and /usr/lib/cni';

const prefix = `wt${randomBytes(2).toString('hex')}`;
let dir = '';
let opts: NetworkServiceOptions;
let svc: BridgeNetworks;
let host: HostSnapshot;
let upstream: ReturnType<typeof createSocket> | undefined;
const procs: ChildProcess[] = [];
const ids = { c1: newId(), c2: newId(), c3: newId(), c4: newId() };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A resolver on loopback standing in for the host's: every A query gets 127.0.0.42. */
async function fakeUpstream(): Promise<number> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const q = parseQuery(msg);
    if (q) sock.send(buildAnswer(q, q.type === TYPE_A ? [{ type: TYPE_A, ip: '127.0.0.42' }] : []), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  upstream = sock;
  return sock.address().port;
}

before(async () => {
  if (!canRun) return;
  await pickFreeSubnets();
  host = await snapshotHost();
  dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  opts = {
    dataRoot: join(dir, 'data'),
    execRoot: join(dir, 'exec'),
    bridgePrefix: prefix,
    defaultBridge: { subnet: SUBNETS[2] },
    dnsUpstreams: [`127.0.0.1:${await fakeUpstream()}`],
  };
  svc = new BridgeNetworks(opts);
  await svc.init();
});

after(async () => {
  // `svc` is unset when before() failed early: there is nothing of ours to undo then.
  if (!canRun || svc === undefined) return;
  for (const p of procs) await stopProcess(p);
  for (const id of Object.values(ids)) await svc.destroySandbox(id).catch(() => undefined);
  for (const n of svc.list((r) => !r.builtin)) await svc.remove(n.Id).catch(() => undefined);
  await svc.close();
  upstream?.close();
  // The default bridge outlives the service by design, and a failed test may leave more.
  for (const l of await linksOf(prefix)) await deleteBridge(l).catch(() => undefined);
  for (const m of await mountsUnder(dir)) await removeNetns(m).catch(() => undefined);
  await restoreHost(host, prefix);
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(await linksOf(prefix), []);
  // Test daemons running beside this file add rules of their own; ours carry our prefix.
  const left = await addedSince(host);
  assert.deepEqual([...left.chains, ...left.rules].filter((l) => l.includes(prefix)), []);
});

test('networks: create, refuse overlaps and duplicates, list and inspect', { skip }, async () => {
  const a = await svc.create({ Name: `${prefix}-a`, IPAM: { Config: [{ Subnet: SUBNETS[0] }] }, Options: { 'com.docker.network.bridge.name': `${prefix}a` }, Labels: { t: '1' } });
  await svc.create({ Name: `${prefix}-b`, IPAM: { Config: [{ Subnet: SUBNETS[1] }] } });
  await assert.rejects(svc.create({ Name: 'x', IPAM: { Config: [{ Subnet: `${B}.1.128/25` }] } }), /Pool overlaps with other one on this address space/);
  await assert.rejects(svc.create({ Name: `${prefix}-a` }), (e: Error & { kind?: string }) => e.kind === 'conflict' && /network with name .* already exists/.test(e.message));
  await assert.rejects(svc.create({ Name: 'y', IPAM: { Config: [{ Subnet: `${B}.9.0/33` }] } }), /invalid CIDR address/);
  const r = svc.inspect(a.Id);
  assert.equal(r.IPAM.Config[0]?.Gateway, `${B}.1.1`);
  assert.deepEqual(svc.list((r) => r.labels.t === '1').map((n) => n.Name), [`${prefix}-a`]);
  assert.deepEqual(svc.list((r) => r.builtin).map((n) => n.Name).sort(), ['bridge', 'host', 'none']);
  assert.equal(svc.dnsServer(`${prefix}-a`), `${B}.1.1`);
  assert.equal(svc.dnsServer('bridge'), undefined);
});

let web = { ip: '', tcpPort: 0, udpPort: 0 };

test('attach: two sandboxes talk by IP and by name, published ports reach the container', { skip }, async () => {
  const net = `${prefix}-a`;
  web.tcpPort = await freePort();
  web.udpPort = await freePort();
  const k1 = await svc.createSandbox(ids.c1);
  const k2 = await svc.createSandbox(ids.c2);
  const e1 = await svc.attach(ids.c1, net, {
    name: 'web',
    aliases: ['www'],
    ports: [
      { hostIp: '', hostPortStart: web.tcpPort, hostPortEnd: web.tcpPort, containerPort: 80, protocol: 'tcp' },
      { hostIp: '', hostPortStart: web.udpPort, hostPortEnd: web.udpPort, containerPort: 5353, protocol: 'udp' },
    ],
  });
  const e2 = await svc.attach(ids.c2, net, { name: 'client', ip: `${B}.1.77` });
  web.ip = e1.IPAddress!;
  assert.ok(web.ip.startsWith(`${B}.1.`), web.ip);
  assert.equal(e1.Gateway, `${B}.1.1`);
  assert.equal(e1.IPPrefixLen, 24);
  assert.match(e1.MacAddress ?? '', /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal(e2.IPAddress, `${B}.1.77`);
  assert.equal(Object.keys(svc.inspect(net).Containers).length, 2);

  const root = join(dir, 'www');
  await mkdir(root);
  await writeFile(join(root, 'index.html'), 'hello from web\n');
  procs.push(spawnInNetns(k1, ['busybox', 'httpd', '-f', '-p', '80', '-h', root]));
  // This host's busybox nc has no -u: a two-line Node listener prints what it receives.
  const udpListener = "const s=require('node:dgram').createSocket('udp4');s.on('message',(m)=>process.stdout.write(m));s.bind(5353)";
  const udp = spawnInNetns(k1, [process.execPath, '-e', udpListener]);
  procs.push(udp);
  let udpGot = '';
  udp.stdout?.on('data', (c: Buffer) => (udpGot += c.toString()));

  assert.ok(await waitFor(async () => (await httpGet(k2, web.ip, 80)) === 'hello from web\n', { what: 'HTTP by IP from the other sandbox' }), 'HTTP by IP from the other sandbox');

  for (const name of ['web', 'www', ids.c1.slice(0, 12), `web.${net}`]) {
    const r = await inNetns(k2, ['busybox', 'nslookup', name, `${B}.1.1`]);
    assert.ok(r.stdout.includes(web.ip), `nslookup ${name}: ${r.stdout}${r.stderr}`);
  }
  const fwd = await inNetns(k2, ['busybox', 'nslookup', 'upstream.test', `${B}.1.1`]);
  assert.ok(fwd.stdout.includes('127.0.0.42'), `forwarded: ${fwd.stdout}`);

  const res = await fetch(`http://127.0.0.1:${web.tcpPort}/`);
  assert.equal(await res.text(), 'hello from web\n');
  assert.equal(await httpGet(k2, `${B}.1.1`, web.tcpPort), 'hello from web\n', 'published port through the gateway');

  const sender = createSocket('udp4');
  // Resent each poll: a datagram sent before the listener is up is lost.
  const sent = await waitFor(
    async () => {
      await new Promise<void>((r) => sender.send('ping-udp\n', web.udpPort, '127.0.0.1', () => r()));
      return udpGot.includes('ping-udp');
    },
    { what: 'UDP datagram through the published port' },
  );
  sender.close();
  assert.ok(sent, 'UDP datagram through the published port');
});

test('isolation: another network can neither reach nor resolve', { skip }, async () => {
  const k3 = await svc.createSandbox(ids.c3);
  await svc.attach(ids.c3, `${prefix}-b`, { name: 'other' });
  assert.equal(await httpGet(svc.sandbox(ids.c2)!.key, web.ip, 80), 'hello from web\n', 'control: same network still reaches it');
  assert.equal(await httpGet(k3, web.ip, 80), '', 'blocked between networks');
  const refused = await inNetns(k3, ['busybox', 'nslookup', 'web', `${B}.1.1`]);
  assert.ok(!refused.stdout.includes(web.ip), 'a stranger is not told the name');
  const own = await inNetns(k3, ['busybox', 'nslookup', 'web', `${B}.2.1`]);
  assert.ok(!own.stdout.includes(web.ip), 'names of another network do not resolve');
});

test('errors: busy port leaves nothing behind, connect twice, remove in use', { skip }, async () => {
  await svc.createSandbox(ids.c4);
  const blocker = createServer();
  const busy = await freePort();
  await new Promise<void>((r) => blocker.listen(busy, '0.0.0.0', () => r()));
  try {
    await assert.rejects(
      svc.attach(ids.c4, `${prefix}-a`, { name: 'late', ports: [{ hostIp: '', hostPortStart: busy, hostPortEnd: busy, containerPort: 80, protocol: 'tcp' }] }),
      new RegExp(`Bind for 0.0.0.0:${busy} failed: port is already allocated`),
    );
    await assert.rejects(
      svc.attach(ids.c4, `${prefix}-a`, { name: 'late', ports: [{ hostIp: '', hostPortStart: web.tcpPort, hostPortEnd: web.tcpPort, containerPort: 80, protocol: 'tcp' }] }),
      /port is already allocated/,
    );
  } finally {
    await new Promise<void>((r) => blocker.close(() => r()));
  }
  assert.deepEqual(svc.sandbox(ids.c4)?.endpoints, []);
  const leases = await readdir(join(opts.execRoot, 'ipam', `wharf-${svc.get(`${prefix}-a`).id.slice(0, 12)}`));
  assert.equal(leases.filter((f) => /^\d/.test(f)).length, 2, 'only c1 and c2 hold leases');
  await assert.rejects(svc.attach(ids.c1, `${prefix}-a`, { name: 'web' }), /endpoint with name web already exists in network/);
  await assert.rejects(svc.remove(`${prefix}-a`), /error while removing network: network .* has active endpoints/);
  await assert.rejects(svc.remove('bridge'), /bridge is a pre-defined network and cannot be removed/);
});

test('timing: attach + destroy of one sandbox on the default bridge', { skip }, async () => {
  for (let i = 0; i < 3; i++) {
    const id = newId();
    const t0 = process.hrtime.bigint();
    await svc.createSandbox(id);
    const e = await svc.attach(id, 'bridge', { name: 'timed' });
    const t1 = process.hrtime.bigint();
    await svc.destroySandbox(id);
    const t2 = process.hrtime.bigint();
    assert.ok((e.IPAddress ?? '').startsWith(`${B}.3.`), e.IPAddress);
    const ms = (a: bigint, b: bigint): string => (Number(b - a) / 1e6).toFixed(1);
    console.log(`# network sandbox: create+attach ${ms(t0, t1)} ms, destroy ${ms(t1, t2)} ms`);
  }
});

test('restart: reconcile removes what gone containers left and keeps the running', { skip }, async () => {
  await svc.close();
  const again = new BridgeNetworks(opts);
  await again.init();
  try {
    assert.equal(again.sandbox(ids.c1)?.endpoints.length, 1);
    await again.reconcile([ids.c1, ids.c2]);
    assert.ok(again.sandbox(ids.c1), 'running container kept');
    assert.equal(again.sandbox(ids.c3), undefined);
    assert.equal(existsSync(join(opts.execRoot, 'netns', ids.c3)), false);
    assert.equal(existsSync(join(opts.execRoot, 'netns', ids.c4)), false, 'a netns never attached is found by its file');
    const leases = await readdir(join(opts.execRoot, 'ipam', `wharf-${again.get(`${prefix}-b`).id.slice(0, 12)}`));
    assert.deepEqual(leases.filter((f) => /^\d/.test(f)), []);
    // The kept container still serves on its published port.
    assert.equal(await (await fetch(`http://127.0.0.1:${web.tcpPort}/`)).text(), 'hello from web\n');
    for (const p of procs) await stopProcess(p);
    for (const id of Object.values(ids)) await again.destroySandbox(id);
    assert.ok(await waitFor(async () => (await linksOf(prefix)).every((l) => !l.startsWith('veth')), { what: 'veths reaped' }), 'veths reaped');
    assert.deepEqual(await mountsUnder(dir), []);
    // Other engines on the host (a developer's, parallel suites) add portmap rules of their own meanwhile.
    const cniNames = again.list(() => true).map((n) => `wharf-${n.Id.slice(0, 12)}`);
    for (const n of again.list((r) => !r.builtin)) await again.remove(n.Id);
    const left = (await addedSince(host)).rules;
    assert.deepEqual(left.filter((r) => r.includes(`wharf:${prefix}:`) && !r.includes(`:${prefix}0"`)), [], 'only the default bridge keeps rules');
    assert.deepEqual(left.filter((r) => cniNames.some((name) => r.includes(name))), [], 'no portmap rules left');
  } finally {
    await again.close();
    svc = again;
  }
});
