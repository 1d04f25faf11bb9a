/**
 * Networking through the real docker CLI and wharf: user networks with
 * embedded DNS, isolation, published TCP/UDP ports at 127.0.0.1, the proxy
 * pattern, the /etc files, Docker's errors, daemon crash, events, and that
 * nothing of the daemon's networking stays on the host.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cniName } from '../../src/network/cni-config.js';
import { Daemon } from '../support/daemon.js';
import { bothClients, ok, type Cli } from '../support/clients.js';
import { containerProcesses, waitGone } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { http } from '../support/http.js';
import { networkLeftovers } from '../support/network.js';
import { RCODE, TYPE_A, buildAnswer, buildError, parseQuery } from '../../src/network/dns-message.js';

let d: Daemon;
let docker: Cli;
let wharf: Cli;
let scratch: string;
/** User networks get /24s of 10.239.<n>.0, away from test daemons' default bridges (10.240+). */
// The tests use subnet(0) … subnet(26): base + 26 must stay a valid octet.
const base = (randomBytes(1)[0]! % 46) * 5;
const subnet = (i: number): string => `10.239.${base + i}.0/24`;

before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  wharf = (a, o) => d.wharf(a, o);
  scratch = await mkdtemp(join(tmpdir(), 'wnet-'));
});

after(async () => {
  await d?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

function httpGet(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    }).on('error', reject);
  });
}

function udpRoundTrip(port: number, message: string): Promise<string> {
  const sock = createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no UDP reply')), 5000);
    sock.on('message', (m) => {
      clearTimeout(timer);
      resolve(m.toString());
    });
    sock.send(message, port, '127.0.0.1');
  }).finally(() => sock.close());
}

/** A server on the host, holding a port so a container cannot publish it. */
function holdPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '0.0.0.0', () => resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) })),
  );
}

bothClients('containers on a user network reach each other by name, alias and short id; not from another network', () => d, async (c, client) => {
  const [a, b] = [`front-${client}`, `back-${client}`];
  const offset = client === 'docker' ? 0 : 2;
  await ok(c, ['network', 'create', '--subnet', subnet(offset), a]);
  await ok(c, ['network', 'create', '--subnet', subnet(offset + 1), b]);
  const id = await ok(c, ['run', '-d', '--name', `web-${client}`, '--network', a, '--network-alias', `site-${client}`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
  const short = id.slice(0, 12);
  for (const host of [`web-${client}`, `site-${client}`, short]) {
    assert.equal(await ok(c, ['run', '--rm', '--network', a, 'busybox', 'wget', '-qO-', `http://${host}/hostname`]), short, `by ${host}`);
  }
  const other = await c(['run', '--rm', '--network', b, 'busybox', 'nslookup', `web-${client}`]);
  assert.notEqual(other.code, 0, 'the name must not resolve from another network');
  const ip = await ok(c, ['inspect', '-f', `{{(index .NetworkSettings.Networks "${a}").IPAddress}}`, `web-${client}`]);
  assert.match(ip, new RegExp(`^10\\.239\\.${base + offset}\\.`));
  const ping = await c(['run', '--rm', '--network', b, 'busybox', 'ping', '-c', '1', '-W', '1', ip]);
  assert.notEqual(ping.code, 0, 'two user networks are isolated');

  // connect puts the container on the other network too, with an alias; disconnect takes it off.
  await ok(c, ['network', 'connect', '--alias', `late-${client}`, b, `web-${client}`]);
  assert.equal(await ok(c, ['run', '--rm', '--network', b, 'busybox', 'wget', '-qO-', `http://late-${client}/hostname`]), short);
  const inspected = JSON.parse(await ok(c, ['network', 'inspect', b])) as Array<{ Containers: Record<string, { Name: string }> }>;
  assert.equal(inspected[0]?.Containers[id]?.Name, `web-${client}`);
  // Its /etc/hosts names it at the new address too, and no longer once disconnected.
  const ipB = await ok(c, ['inspect', '-f', `{{(index .NetworkSettings.Networks "${b}").IPAddress}}`, `web-${client}`]);
  assert.match(await ok(c, ['exec', `web-${client}`, 'cat', '/etc/hosts']), new RegExp(`^${ipB.replace(/\./g, '\\.')}\t${short}$`, 'm'));
  await ok(c, ['network', 'disconnect', b, `web-${client}`]);
  assert.doesNotMatch(await ok(c, ['exec', `web-${client}`, 'cat', '/etc/hosts']), new RegExp(`^${ipB.replace(/\./g, '\\.')}\t`, 'm'));
  assert.notEqual((await c(['run', '--rm', '--network', b, 'busybox', 'nslookup', `late-${client}`])).code, 0);
  // A renamed container answers to its new name.
  await ok(c, ['rename', `web-${client}`, `www-${client}`]);
  assert.equal(await ok(c, ['run', '--rm', '--network', a, 'busybox', 'wget', '-qO-', `http://www-${client}/hostname`]), short);
  await ok(c, ['rename', `www-${client}`, `web-${client}`]);

  await ok(c, ['rm', '-f', `web-${client}`]);
  await ok(c, ['network', 'rm', a, b]);
  assert.equal(await ok(c, ['network', 'ls', '-q', '--filter', `name=${a}`]), '');
});

bothClients('published TCP ports answer at 127.0.0.1 and show in port, ps and inspect', () => d, async (c, client) => {
  const name = `pub-${client}`;
  await ok(c, ['run', '-d', '--name', name, '-p', '127.0.0.1::80', '-p', '127.0.0.1::8081', '--expose', '9000', 'busybox', 'sh', '-c', 'httpd -p 80 -h /etc; httpd -f -p 8081 -h /etc']);
  const line = await ok(c, ['port', name, '80']);
  const m = /^127\.0\.0\.1:(\d+)$/.exec(line);
  assert.ok(m, line);
  const id = await ok(c, ['inspect', '-f', '{{.Id}}', name]);
  // `run -d` returns once the process starts, not once httpd listens.
  const page = await waitFor(() => httpGet(Number(m[1]), '/hostname').catch(() => undefined), { what: 'httpd on the published port' });
  assert.equal(page.trim(), id.slice(0, 12));
  const all = await ok(c, ['port', name]);
  assert.match(all, /^80\/tcp -> 127\.0\.0\.1:\d+\n8081\/tcp -> 127\.0\.0\.1:\d+$/);
  const column = (await ok(c, ['ps', '--filter', `name=${name}`, '--format', '{{.Ports}}'])).split(', ').sort();
  assert.equal(column.length, 3, column.join());
  assert.match(column[0]!, /^127\.0\.0\.1:\d+->80\/tcp$/);
  assert.match(column[1]!, /^127\.0\.0\.1:\d+->8081\/tcp$/);
  assert.equal(column[2], '9000/tcp');
  assert.equal(await ok(c, ['ps', '-q', '--filter', 'publish=8081', '--filter', `name=${name}`]), id.slice(0, 12));
  assert.equal(await ok(c, ['ps', '-q', '--filter', 'publish=9000', '--filter', `name=${name}`]), '');
  assert.equal(await ok(c, ['ps', '-q', '--filter', 'network=bridge', '--filter', `name=${name}`]), id.slice(0, 12));
  const ports = JSON.parse(await ok(c, ['inspect', '-f', '{{json .NetworkSettings.Ports}}', name])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(ports).sort(), ['80/tcp', '8081/tcp', '9000/tcp']);
  assert.equal(ports['9000/tcp'], null);
  await ok(c, ['rm', '-f', name]);
});

test('a published UDP port answers at 127.0.0.1, and -P publishes every exposed port', async () => {
  // This host's busybox has no `nc -u`: the host's node, mounted read-only, is the UDP server.
  const server = "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('echo:'+m,r.port,r.address));s.bind(9999,()=>console.log('ready'))";
  await ok(docker, ['run', '-d', '--name', 'udp', '-p', '127.0.0.1::9999/udp', '--expose', '7000', '-P',
    '-v', '/usr:/usr:ro', '-v', '/usr/lib:/lib:ro', '-v', '/usr/lib64:/lib64:ro', 'busybox', '/usr/bin/node', '-e', server]);
  const port = Number((await ok(docker, ['port', 'udp', '9999/udp'])).split(':')[1]);
  await waitFor(async () => ((await docker(['logs', 'udp'])).stdout.includes('ready') ? true : undefined), { what: 'the UDP server' });
  assert.equal(await udpRoundTrip(port, 'ping'), 'echo:ping');
  assert.match(await ok(wharf, ['port', 'udp', '7000']), /^0\.0\.0\.0:\d+$/);
  await ok(docker, ['rm', '-f', 'udp']);
});

test('a host port in use fails the start with a clear error and leaves no half-started container', async () => {
  const held = await holdPort();
  try {
    for (const c of [docker, wharf]) {
      const r = await c(['run', '-d', '--name', 'clash', '-p', `${held.port}:80`, 'busybox', 'sleep', '100']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, new RegExp(`Bind for 0\\.0\\.0\\.0:${held.port} failed: port is already allocated`));
      assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}}', 'clash']), 'created');
      const id = await ok(c, ['inspect', '-f', '{{.Id}}', 'clash']);
      assert.ok(!(await readdir(join(d.execRoot, 'network', 'netns'))).includes(id), 'no sandbox left');
      await ok(c, ['rm', 'clash']);
    }
  } finally {
    await held.close();
  }
});

test('a proxy container in front of two app containers, reached through one published port', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(4), 'shop']);
  for (const app of ['app1', 'app2']) {
    await ok(docker, ['run', '-d', '--name', app, '--network', 'shop', 'busybox', 'sh', '-c', `mkdir /www && echo hello-from-${app} > /www/index.html && exec httpd -f -p 80 -h /www`]);
  }
  // The proxy routes by path: /a → app1, anything else → app2, each a fresh connection by name.
  await writeFile(join(scratch, 'proxy.sh'), '#!/bin/sh\nread -r method path version\ncase "$path" in /a*) b=app1;; *) b=app2;; esac\nprintf "GET / HTTP/1.0\\r\\n\\r\\n" | nc "$b" 80\n', { mode: 0o755 });
  await ok(docker, ['run', '-d', '--name', 'proxy', '--network', 'shop', '-p', '127.0.0.1::80', '-v', `${scratch}:/p:ro`, 'busybox', 'nc', '-ll', '-p', '80', '-e', '/p/proxy.sh']);
  const port = Number((await ok(docker, ['port', 'proxy', '80'])).split(':')[1]);
  let first = '';
  for (let i = 0; i < 20 && !first.includes('hello'); i++) first = await httpGet(port, '/a').catch(() => '');
  assert.match(first, /hello-from-app1/);
  assert.match(await httpGet(port, '/b'), /hello-from-app2/);
  await ok(docker, ['rm', '-f', 'proxy', 'app1', 'app2']);
  await ok(docker, ['network', 'rm', 'shop']);
});

bothClients('the /etc files: --hostname, --domainname, --add-host host-gateway, --dns*, --link; none, host and container modes', () => d, async (c, client) => {
  const gateway = d.bip.split('/')[0]!;
  await ok(c, ['run', '-d', '--name', `target-${client}`, 'busybox', 'sleep', '100']);
  const targetIp = await ok(c, ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', `target-${client}`]);
  const out = await ok(c, ['run', '--rm', '--hostname', 'box', '--domainname', 'example.test', '--add-host', 'gw:host-gateway', '--add-host', 'static:10.1.2.3',
    '--dns', '10.9.9.9', '--dns-search', 'corp.test', '--dns-option', 'ndots:2', '--link', `target-${client}:db`,
    'busybox', 'sh', '-c', 'cat /etc/hosts /etc/resolv.conf; hostname; ip -4 -o addr show eth0']);
  assert.match(out, new RegExp(`${gateway.replace(/\./g, '\\.')}\\tgw\\n`));
  assert.match(out, /10\.1\.2\.3\tstatic\n/);
  assert.match(out, /\tbox\.example\.test box\n/);
  assert.match(out, new RegExp(`${targetIp.replace(/\./g, '\\.')}\\tdb [0-9a-f]{12} target-${client}\\n`));
  assert.match(out, /nameserver 10\.9\.9\.9\n/);
  assert.match(out, /search corp\.test\n/);
  assert.match(out, /options ndots:2\n/);
  assert.match(out, /\nbox\n/);
  assert.match(out, /inet 10\.2\d\d\./);
  assert.doesNotMatch(await ok(c, ['run', '--rm', '--network', 'none', 'busybox', 'ip', '-o', 'link']), /eth0/);
  assert.match(await ok(c, ['run', '--rm', '--network', `container:target-${client}`, 'busybox', 'ip', '-4', '-o', 'addr', 'show', 'eth0']), new RegExp(targetIp.replace(/\./g, '\\.')));
  assert.match(await ok(c, ['run', '--rm', '--network', 'host', 'busybox', 'ip', '-o', 'link']), new RegExp(`${d.bridgePrefix}0`));
  await ok(c, ['rm', '-f', `target-${client}`]);
});

bothClients('--internal, --gateway, --ip-range and --ip shape a user network; an internal one has no way out', () => d, async (c, client) => {
  const offset = client === 'docker' ? 20 : 22;
  const net = `inner-${client}`;
  const prefix = `10.239.${base + offset}`;
  await ok(c, ['network', 'create', '--internal', '--subnet', subnet(offset), '--gateway', `${prefix}.254`, '--ip-range', `${prefix}.128/25`, '--label', 'role=test', net]);
  assert.equal(await ok(c, ['network', 'inspect', '-f', '{{.Internal}} {{(index .IPAM.Config 0).Gateway}} {{(index .IPAM.Config 0).IPRange}} {{.Labels.role}}', net]), `true ${prefix}.254 ${prefix}.128/25 test`);
  assert.equal(await ok(c, ['network', 'ls', '-q', '--filter', 'label=role=test', '--filter', `name=${net}`]).then((s) => s.length), 12);
  const routes = await ok(c, ['run', '--rm', '--network', net, 'busybox', 'sh', '-c', 'ip -4 -o addr show eth0; ip route']);
  const last = Number(new RegExp(`inet ${prefix.replace(/\./g, '\\.')}\\.(\\d+)/24`).exec(routes)?.[1]);
  assert.ok(last >= 128 && last < 255, `address from the range: ${routes}`);
  assert.doesNotMatch(routes, /default/, 'no way out');
  await ok(c, ['run', '-d', '--name', `fixed-${client}`, '--network', net, '--ip', `${prefix}.200`, 'busybox', 'sleep', '100']);
  assert.equal(await ok(c, ['inspect', '-f', `{{(index .NetworkSettings.Networks "${net}").IPAddress}}`, `fixed-${client}`]), `${prefix}.200`);
  const taken = await c(['run', '--rm', '--network', net, '--ip', `${prefix}.200`, 'busybox', 'true']);
  assert.notEqual(taken.code, 0);
  assert.match(taken.stderr, /Address already in use/);
  await ok(c, ['rm', '-f', `fixed-${client}`]);
  await ok(c, ['network', 'rm', net]);
});

test("on a user network the embedded DNS server forwards other names to the container's --dns", async () => {
  // A fake upstream on loopback: the daemon forwards from the host, so it reaches it.
  const upstream = createSocket('udp4');
  upstream.on('message', (m, from) => {
    const q = parseQuery(m);
    if (q) upstream.send(q.type === TYPE_A ? buildAnswer(q, [{ type: TYPE_A, ip: '10.1.2.3' }]) : buildError(q, RCODE.NOERROR), from.port, from.address);
  });
  await new Promise<void>((resolve) => upstream.bind(0, '127.0.0.1', () => resolve()));
  try {
    await ok(docker, ['network', 'create', '--subnet', subnet(26), 'fwd']);
    // wharf, not docker: the docker CLI takes only a bare IP for --dns.
    const out = await ok(wharf, ['run', '--rm', '--network', 'fwd', '--dns', `127.0.0.1:${upstream.address().port}`, 'busybox', 'nslookup', '-type=a', 'outside.example']);
    assert.match(out, /Address: 10\.1\.2\.3/);
    await ok(docker, ['network', 'rm', 'fwd']);
  } finally {
    upstream.close();
  }
});

test('bad input gets Docker status codes and leaves nothing half-made', async () => {
  const s = d.socket;
  const create = (body: object) => http(s, 'POST', '/networks/create', JSON.stringify(body));
  assert.equal((await create({ Name: 'ok1', IPAM: { Config: [{ Subnet: subnet(10) }] } })).status, 201);
  assert.equal((await create({ Name: 'ok1' })).status, 409, 'duplicate name');
  assert.equal((await create({ Name: 'overlap', IPAM: { Config: [{ Subnet: subnet(10) }] } })).status, 403, 'overlapping subnet');
  assert.equal((await create({ Name: 'badcidr', IPAM: { Config: [{ Subnet: '10.0.0.0/33' }] } })).status, 400, 'bad CIDR');
  assert.equal((await http(s, 'GET', '/networks/overlap')).status, 404, 'nothing half-made');
  const r = await docker(['network', 'create', '--subnet', 'nonsense', 'bad']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /invalid/i);

  const ctr = (body: object) => http(s, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', Cmd: ['sleep', '100'], ...body }));
  assert.equal((await ctr({ HostConfig: { PortBindings: { '70000/tcp': [{ HostPort: '80' }] } } })).status, 400, 'port out of range');
  assert.equal((await ctr({ HostConfig: { NetworkMode: 'nosuchnet' } })).status, 404);
  const ipOnDefault = await ctr({ NetworkingConfig: { EndpointsConfig: { bridge: { IPAMConfig: { IPv4Address: '10.1.1.1' } } } } });
  assert.equal(ipOnDefault.status, 400);
  assert.match(ipOnDefault.body, /user specified IP address is supported on user defined networks only/);

  await ok(docker, ['run', '-d', '--name', 'member', '--network', 'ok1', 'busybox', 'sleep', '100']);
  const busy = await http(s, 'DELETE', '/networks/ok1');
  assert.equal(busy.status, 403);
  assert.match(busy.body, /has active endpoints/);
  const twice = await http(s, 'POST', '/networks/ok1/connect', JSON.stringify({ Container: 'member' }));
  assert.equal(twice.status, 403);
  assert.match(twice.body, /endpoint with name member already exists in network ok1/);
  assert.equal((await http(s, 'POST', '/networks/ok1/connect', JSON.stringify({ Container: 'nosuch' }))).status, 404);
  assert.equal((await http(s, 'DELETE', '/networks/bridge')).status, 403, 'pre-defined network');
  await ok(docker, ['rm', '-f', 'member']);
  assert.equal((await http(s, 'DELETE', '/networks/ok1')).status, 204);
});

test('running containers keep their addresses, ports and names across a daemon crash', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(12), 'keep']);
  await ok(docker, ['run', '-d', '--name', 'kept', '--network', 'keep', '-p', '127.0.0.1::80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
  const before = await ok(docker, ['inspect', '-f', '{{json .NetworkSettings}}', 'kept']);
  const port = Number((await ok(docker, ['port', 'kept', '80'])).split(':')[1]);
  await ok(docker, ['run', '-d', '--name', 'gone', '--network', 'keep', 'busybox', 'sh', '-c', 'sleep 1']);
  // The exit happens while no daemon watches: conmon records it, then exits too.
  const dying = await containerProcesses(Number(await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'gone'])));

  await d.crash();
  await waitGone(dying, 'gone and its conmon to exit');
  await d.spawn();

  assert.equal(await ok(docker, ['inspect', '-f', '{{json .NetworkSettings}}', 'kept']), before);
  const id = await ok(docker, ['inspect', '-f', '{{.Id}}', 'kept']);
  assert.equal((await httpGet(port, '/hostname')).trim(), id.slice(0, 12));
  assert.equal(await ok(docker, ['run', '--rm', '--network', 'keep', 'busybox', 'wget', '-qO-', 'http://kept/hostname']), id.slice(0, 12));
  // The container that exited while the daemon was down left no sandbox.
  const gone = await ok(docker, ['inspect', '-f', '{{.Id}}', 'gone']);
  assert.ok(!(await readdir(join(d.execRoot, 'network', 'netns'))).includes(gone));
  await ok(docker, ['rm', '-f', 'kept', 'gone']);
  await ok(docker, ['network', 'rm', 'keep']);
});

test('network events: create, connect, disconnect, destroy', async () => {
  const since = String(Math.floor(Date.now() / 1000) - 1);
  await ok(docker, ['network', 'create', '--subnet', subnet(14), 'evnet']);
  await ok(docker, ['run', '--rm', '--network', 'evnet', 'busybox', 'true']);
  await ok(docker, ['network', 'rm', 'evnet']);
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const out = await ok(wharf, ['events', '--since', since, '--until', until, '--filter', 'type=network', '--format', '{{.Action}} {{.Actor.Attributes.name}}']);
  assert.deepEqual(out.split('\n').filter((l) => l.endsWith(' evnet')), ['create evnet', 'connect evnet', 'disconnect evnet', 'destroy evnet']);
});

test('network prune takes a Go duration for until, as Docker does', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(17), '--label', 'until-test=1', 'fresh1']);
  // Made just now: not older than ten minutes, so kept.
  assert.doesNotMatch(await ok(docker, ['network', 'prune', '-f', '--filter', 'until=10m', '--filter', 'label=until-test']), /fresh1/);
  assert.equal(await ok(docker, ['network', 'ls', '-q', '--filter', 'name=^fresh1$']) !== '', true);
  assert.match(await ok(docker, ['network', 'prune', '-f', '--filter', 'until=1ms', '--filter', 'label=until-test']), /Deleted Networks:\nfresh1$/);
});

test('rm and network prune leave nothing behind; the daemon cleans up everything it made', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(16), 'left1']);
  await ok(docker, ['run', '-d', '--name', 'l1', '--network', 'left1', '-p', '127.0.0.1::80', 'busybox', 'sleep', '100']);
  await ok(docker, ['run', '-d', '--name', 'l2', '-p', '127.0.0.1::80/udp', 'busybox', 'sleep', '100']);
  const names = (await ok(docker, ['network', 'ls', '-q', '--no-trunc'])).split('\n').map(cniName);
  await ok(docker, ['rm', '-f', 'l1', 'l2']);
  assert.match(await ok(wharf, ['network', 'prune', '-f']), /Deleted Networks:\nleft1$/);
  // Only the default bridge and its rules remain while the daemon lives: no veth, netns or port rule.
  const live = await networkLeftovers(d.bridgePrefix, d.execRoot, names);
  assert.deepEqual(live.filter((l) => l.startsWith('link ')), [`link ${d.bridgePrefix}0`]);
  assert.deepEqual(live.filter((l) => l.startsWith('netns ') || l.includes('dnat') || l.includes('CNI-')), []);
  await d.destroy();
  assert.deepEqual(await networkLeftovers(d.bridgePrefix, d.execRoot, names), []);
});
