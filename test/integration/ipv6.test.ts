/**
 * IPv6 networking through the real docker CLI and wharf: dual-stack networks
 * (a given /64 or one of the daemon's ULA /48), `--ip6` on run and connect, the
 * IPv6 fields of inspect, AAAA names from the embedded DNS, published ports on
 * [::1] beside 127.0.0.1, Docker's errors, and nothing left in ip6tables.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Daemon } from '../support/daemon.js';
import { ok, type Cli } from '../support/clients.js';
import { runTool } from '../../src/network/exec.js';
import { waitFor } from '../support/wait.js';
import { http } from '../support/http.js';
import { networkLeftovers } from '../support/network.js';

let d: Daemon;
let docker: Cli;
let wharf: Cli;
/** Random subnets per run: test daemons share the host. */
const r = randomBytes(4);
const v4 = (i: number): string => `10.238.${(r[0]! % 50) * 5 + i}.0/24`;
const v6 = (i: number): string => `fd${r[1]!.toString(16).padStart(2, '0')}:${r.readUInt16BE(2).toString(16)}:${i + 1}::/64`;
const v6addr = (i: number, host: string): string => v6(i).replace('::/64', `::${host}`);

before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  wharf = (a, o) => d.wharf(a, o);
});

after(async () => {
  await d?.destroy();
});

/** GET over IPv4 or IPv6 loopback; undefined while nothing answers. */
function httpGet(host: string, port: number, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, timeout: 3000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function freePort(): Promise<number> {
  const s = createServer();
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolve(port));
  }));
}

async function ip6tablesRules(tag: string): Promise<string[]> {
  const saved = await runTool('ip6tables-save', []);
  return saved.stdout.split('\n').filter((l) => l.startsWith('-A ') && l.includes(tag));
}

test('network create --ipv6 with both subnets: inspect shows IPv6 on, both pools and gateways; the bridge holds the IPv6 gateway', async () => {
  await ok(docker, ['network', 'create', '--ipv6', '--subnet', v4(0), '--subnet', v6(0), 'ds0']);
  const net = JSON.parse(await ok(docker, ['network', 'inspect', 'ds0']))[0];
  assert.equal(net.EnableIPv6, true);
  assert.deepEqual(net.IPAM.Config, [
    { Subnet: v4(0), Gateway: v4(0).replace('0/24', '1') },
    { Subnet: v6(0), Gateway: v6addr(0, '1') },
  ]);
  const addrs = await runTool('ip', ['-6', 'addr', 'show']);
  assert.ok(addrs.stdout.includes(`inet6 ${v6addr(0, '1')}/64`), 'the bridge has the IPv6 gateway');
  assert.equal(await ok(wharf, ['network', 'ls', '--filter', 'name=ds0', '--format', '{{.IPv6}}']), 'true');
  await ok(docker, ['network', 'rm', 'ds0']);
});

test('--ipv6 with only an IPv4 subnet: the daemon gives a /64 of its own ULA /48, the same prefix every time', async () => {
  await ok(docker, ['network', 'create', '--ipv6', '--subnet', v4(1), 'ula1']);
  await ok(wharf, ['network', 'create', '--ipv6', '--subnet', v4(2), 'ula2']);
  const cfg = async (n: string): Promise<Array<{ Subnet: string; Gateway: string }>> => JSON.parse(await ok(docker, ['network', 'inspect', '-f', '{{json .IPAM.Config}}', n]));
  const [a, b] = [await cfg('ula1'), await cfg('ula2')];
  assert.equal(a[0]?.Subnet, v4(1));
  const s1 = a[1]!.Subnet;
  const s2 = b[1]!.Subnet;
  assert.match(s1, /^fd[0-9a-f]{2}:[0-9a-f:]+::\/64$/);
  assert.notEqual(s1, s2, 'each network its own /64');
  // Both /64s come from one /48: the first three groups agree.
  assert.equal(s1.split(':').slice(0, 3).join(':'), s2.split(':').slice(0, 3).join(':'));
  assert.equal(a[1]!.Gateway, s1.replace('::/64', '::1'));
  await ok(docker, ['network', 'rm', 'ula1', 'ula2']);
});

test('--ip6 on run and network connect; inspect shows the IPv6 address, gateway and prefix length; names resolve to AAAA; [::1] and 127.0.0.1 reach a published port', async () => {
  await ok(docker, ['network', 'create', '--ipv6', '--subnet', v4(3), '--subnet', v6(3), 'ds3']);
  await ok(wharf, ['network', 'create', '--ipv6', '--subnet', v4(4), '--subnet', v6(4), 'ds4']);
  const port = await freePort();
  await ok(docker, ['run', '-d', '--name', 'web6', '--network', 'ds3', '--ip6', v6addr(3, '10'), '-p', `${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
  const ep = JSON.parse(await ok(wharf, ['inspect', '-f', '{{json .NetworkSettings.Networks.ds3}}', 'web6']));
  assert.equal(ep.GlobalIPv6Address, v6addr(3, '10'));
  assert.equal(ep.IPv6Gateway, v6addr(3, '1'));
  assert.equal(ep.GlobalIPv6PrefixLen, 64);
  assert.deepEqual(ep.IPAMConfig, { IPv6Address: v6addr(3, '10') });
  // Legacy top-level fields are the default bridge's only, as in Docker.
  assert.equal(await ok(docker, ['inspect', '-f', '{{.NetworkSettings.GlobalIPv6Address}}', 'web6']), '');
  const net = JSON.parse(await ok(docker, ['network', 'inspect', 'ds3']))[0];
  assert.equal(Object.values(net.Containers as Record<string, { IPv6Address: string }>)[0]?.IPv6Address, `${v6addr(3, '10')}/64`);

  // From another container over IPv6: the name answers AAAA, ping -6 and HTTP to the bracketed address work.
  const probe = await ok(docker, ['run', '--rm', '--network', 'ds3', 'busybox', 'sh', '-c', `nslookup -type=AAAA web6 && ping -6 -c 1 -W 5 web6 >/dev/null && echo pinged && wget -qO- http://[${v6addr(3, '10')}]/hostname`]);
  assert.match(probe, new RegExp(v6addr(3, '10')));
  assert.match(probe, /pinged/);
  const id = await ok(docker, ['inspect', '-f', '{{.Id}}', 'web6']);
  assert.match(probe, new RegExp(id.slice(0, 12)));

  // From the host: published on 127.0.0.1 and [::1].
  const got4 = await waitFor(() => httpGet('127.0.0.1', port, '/hostname'), { what: 'http on 127.0.0.1', timeoutMs: 10_000 });
  const got6 = await waitFor(() => httpGet('::1', port, '/hostname'), { what: 'http on [::1]', timeoutMs: 10_000 });
  assert.equal(got4.trim(), id.slice(0, 12));
  assert.equal(got6.trim(), id.slice(0, 12));

  // /etc/hosts names the container at both addresses, as Docker writes it.
  const hosts = await ok(docker, ['exec', 'web6', 'cat', '/etc/hosts']);
  assert.ok(hosts.split('\n').includes(`${v6addr(3, '10')}\t${id.slice(0, 12)}`), hosts);

  // A daemon crash leaves the container running; the restarted daemon serves [::1] again.
  await d.crash();
  await d.spawn();
  const again = await waitFor(() => httpGet('::1', port, '/hostname'), { what: 'http on [::1] after a daemon restart', timeoutMs: 10_000 });
  assert.equal(again.trim(), id.slice(0, 12));

  // network connect --ip6 on the running container (wharf), visible in both inspects.
  await ok(wharf, ['network', 'connect', '--ip6', v6addr(4, '20'), 'ds4', 'web6']);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.NetworkSettings.Networks.ds4.GlobalIPv6Address}}', 'web6']), v6addr(4, '20'));
  const reach = await ok(docker, ['run', '--rm', '--network', 'ds4', 'busybox', 'wget', '-qO-', `http://[${v6addr(4, '20')}]/hostname`]);
  assert.equal(reach, id.slice(0, 12));

  await ok(docker, ['rm', '-f', 'web6']);
  // The proxy on [::1] went with the container.
  assert.equal(await httpGet('::1', port, '/hostname'), undefined);
  await ok(docker, ['network', 'rm', 'ds3', 'ds4']);
  assert.deepEqual(await ip6tablesRules(`wharf:${d.bridgePrefix}:`), [], 'no ip6tables rule of the removed networks');
});

test('bad input: overlapping IPv6 subnets, --ip6 outside the subnet, --ip6 on a network without IPv6, an IPv6 subnet without --ipv6', async () => {
  await ok(docker, ['network', 'create', '--ipv6', '--subnet', v4(5), '--subnet', v6(5), 'ds5']);
  await ok(docker, ['network', 'create', '--subnet', v4(6), 'v4only']);

  const overlap = await docker(['network', 'create', '--ipv6', '--subnet', v4(7), '--subnet', v6(5).replace('/64', '/80'), 'dup']);
  assert.notEqual(overlap.code, 0);
  assert.match(overlap.stderr, /Pool overlaps with other one on this address space/);
  const rawOverlap = await d.wharf(['network', 'create', '--ipv6', '--subnet', v6(5), 'dup2']);
  assert.match(rawOverlap.stderr, /Pool overlaps/);

  const outside = await docker(['create', '--network', 'ds5', '--ip6', v6addr(6, '5'), 'busybox', 'true']);
  assert.notEqual(outside.code, 0);
  assert.match(outside.stderr, new RegExp(`invalid endpoint settings:\\s+no configured subnet or ip-range contain the IP address ${v6addr(6, '5')}`));

  const noV6 = await wharf(['create', '--network', 'v4only', '--ip6', v6addr(5, '7'), 'busybox', 'true']);
  assert.notEqual(noV6.code, 0);
  assert.match(noV6.stderr, /user specified IP address is supported only when connecting to networks with user configured subnets/);

  const notAddr = await docker(['create', '--network', 'ds5', '--ip6', '10.0.0.1', 'busybox', 'true']);
  assert.notEqual(notAddr.code, 0);
  assert.match(notAddr.stderr, /invalid IPv6 address: 10\.0\.0\.1/);

  const raw = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { NetworkMode: 'ds5' }, NetworkingConfig: { EndpointsConfig: { ds5: { IPAMConfig: { IPv6Address: v6addr(6, '5') } } } } }));
  assert.equal(raw.status, 400);

  const noFlag = await docker(['network', 'create', '--subnet', v6(8), 'noflag']);
  assert.notEqual(noFlag.code, 0);
  assert.match(noFlag.stderr, /IPv6 is not enabled/);

  // Nothing was made by the refusals.
  const names = (await ok(docker, ['network', 'ls', '--format', '{{.Name}}'])).split('\n');
  assert.ok(!names.includes('dup') && !names.includes('dup2') && !names.includes('noflag'));
  assert.equal(await ok(docker, ['ps', '-aq']), '');
  await ok(docker, ['network', 'rm', 'ds5', 'v4only']);
});

test('wharf system reset leaves no IPv6 rule, DNAT or [::1] listener behind (runs last: it stops the daemon)', async () => {
  await ok(docker, ['network', 'create', '--ipv6', '--subnet', v4(9), 'reset6']);
  const port = await freePort();
  await ok(docker, ['run', '-d', '--name', 'pub6', '--network', 'reset6', '-p', `${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
  await waitFor(() => httpGet('::1', port, '/hostname'), { what: 'http on [::1]', timeoutMs: 10_000 });
  const cniNames = await d.cniNames();
  const v6Rules = (await runTool('ip6tables-save', [])).stdout.split('\n').filter((l) => l.includes(`wharf:${d.bridgePrefix}:`) || cniNames.some((n) => l.includes(n)));
  assert.ok(v6Rules.some((l) => l.includes('DNAT')), 'portmap programmed IPv6 DNAT for the published port');

  const r = await d.wharf(['system', 'reset', '-f']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await d.exited(), 0);
  assert.deepEqual(await networkLeftovers(d.bridgePrefix, d.execRoot, cniNames), [], 'iptables and ip6tables alike');
  assert.equal(await httpGet('::1', port, '/hostname'), undefined);
  await d.spawn();
});
