/**
 * What clients of the legacy and per-network container options see, as dockerd
 * shows it: `--link` variables, /etc/hosts lines, inspect and `rm --link` on the
 * default bridge, links as DNS aliases on a user network, the endpoint settings
 * given at create and connect, explicit subnets beside host bridges, and
 * anonymous volumes made through the API.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Daemon, run } from '../support/daemon.js';
import { daemonForFile, ok } from '../support/clients.js';
import { http } from '../support/http.js';
import { pythonSdk } from '../support/python-sdk.js';

let d: Daemon;
daemonForFile((started) => (d = started));
const docker = (args: string[]) => d.docker(args);
/** User networks get /24s of 10.236.<n>.0, away from other test files' subnets and daemons' default bridges. */
const base = randomBytes(1)[0]! % 250;
const subnet = (i: number): string => `10.236.${base + i}.0/24`;

test('--link on the default bridge: Docker\'s variables, hosts line and inspect; rm --link removes it; a missing target is a 400', async () => {
  await ok(docker, ['run', '-d', '--name', 'lk-db', '-e', 'FOO=bar baz', '-e', 'HOME=/nope', '--expose', '80', '--expose', '81', '--expose', '53/udp', 'busybox', 'sleep', '300']);
  const [ip, hostname] = (await ok(docker, ['inspect', '-f', '{{.NetworkSettings.IPAddress}} {{.Config.Hostname}}', 'lk-db'])).split(' ');
  const out = await ok(docker, ['run', '--rm', '--name', 'lk-once', '--link', 'lk-db:my-db', 'busybox', 'sh', '-c', 'env | grep ^MY_DB_ | sort; echo ---; cat /etc/hosts']);
  const [env = '', hosts = ''] = out.split('---\n');
  const expected = [
    `MY_DB_ENV_FOO=bar baz`,
    `MY_DB_NAME=/lk-once/my-db`,
    `MY_DB_PORT=tcp://${ip}:80`,
    ...['53_UDP'].flatMap((p) => [`MY_DB_PORT_${p}=udp://${ip}:53`, `MY_DB_PORT_${p}_ADDR=${ip}`, `MY_DB_PORT_${p}_PORT=53`, `MY_DB_PORT_${p}_PROTO=udp`]),
    `MY_DB_PORT_80_TCP=tcp://${ip}:80`,
    `MY_DB_PORT_80_TCP_ADDR=${ip}`,
    `MY_DB_PORT_80_TCP_END=tcp://${ip}:81`,
    `MY_DB_PORT_80_TCP_PORT=80`,
    `MY_DB_PORT_80_TCP_PORT_END=81`,
    `MY_DB_PORT_80_TCP_PORT_START=80`,
    `MY_DB_PORT_80_TCP_PROTO=tcp`,
    `MY_DB_PORT_80_TCP_START=tcp://${ip}:80`,
    `MY_DB_PORT_81_TCP=tcp://${ip}:81`,
    `MY_DB_PORT_81_TCP_ADDR=${ip}`,
    `MY_DB_PORT_81_TCP_PORT=81`,
    `MY_DB_PORT_81_TCP_PROTO=tcp`,
  ];
  assert.deepEqual(env.trim().split('\n'), [...expected].sort());
  // Docker's order: the links, then the container's own line.
  assert.match(hosts, new RegExp(`\\n${ip!.replace(/\./g, '\\.')}\\tmy-db ${hostname} lk-db\\n[0-9.]+\\t[0-9a-f]{12}$`));

  await ok(docker, ['run', '-d', '--name', 'lk-web', '--link', 'lk-db:db', '--link', 'lk-db', 'busybox', 'sleep', '300']);
  assert.deepEqual(JSON.parse(await ok(docker, ['inspect', '-f', '{{json .HostConfig.Links}}', 'lk-web'])), ['/lk-db:/lk-web/db', '/lk-db:/lk-web/lk-db']);
  assert.match(await ok(docker, ['exec', 'lk-web', 'cat', '/etc/hosts']), /\tdb [0-9a-f]{12} lk-db\n/);

  assert.equal(await ok(docker, ['rm', '--link', '/lk-web/db']), '/lk-web/db');
  assert.deepEqual(JSON.parse(await ok(docker, ['inspect', '-f', '{{json .HostConfig.Links}}', 'lk-web'])), ['/lk-db:/lk-web/lk-db']);
  const after = await ok(docker, ['exec', 'lk-web', 'cat', '/etc/hosts']);
  assert.doesNotMatch(after, /\tdb /);
  assert.match(after, /\tlk-db [0-9a-f]{12}\n/);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Running}}', 'lk-db']), 'true', 'rm --link removes no container');
  // A renamed target stays linked, under its new name.
  await ok(docker, ['rename', 'lk-db', 'lk-db2']);
  assert.deepEqual(JSON.parse(await ok(docker, ['inspect', '-f', '{{json .HostConfig.Links}}', 'lk-web'])), ['/lk-db2:/lk-web/lk-db']);
  // exec gets the links' variables as they are now: the removed link's are gone.
  const execEnv = await ok(docker, ['exec', 'lk-web', 'env']);
  assert.match(execEnv, /^LK_DB_NAME=\/lk-web\/lk-db$/m);
  assert.doesNotMatch(execEnv, /^DB_NAME=/m);

  const own = await http(d.socket, 'DELETE', '/containers/lk-web?link=1');
  assert.deepEqual([own.status, JSON.parse(own.body).message], [500, 'Conflict, cannot remove the default link name of the container']);
  const none = await docker(['rm', '--link', '/lk-web/nosuch']);
  assert.match(none.stderr, /No such container: lk-web\/nosuch/);

  const before = await ok(docker, ['ps', '-aq']);
  const missing = await docker(['run', '--rm', '--link', 'lk-ghost:x', 'busybox', 'true']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /could not get container for lk-ghost: No such container: lk-ghost/);
  assert.doesNotMatch(missing.stderr, /Unable to find image/, 'a 404 would make the CLI pull the image');
  const raw = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { Links: ['lk-ghost:x'] } }));
  assert.equal(raw.status, 400);
  assert.equal(await ok(docker, ['ps', '-aq']), before);
  await ok(docker, ['rm', '-f', 'lk-web', 'lk-db2']);
});

test('--link on a user network: the alias resolves through the embedded DNS for the linking container only, with no variables', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(0), 'lk-net']);
  await ok(docker, ['run', '-d', '--name', 'lk-target', '--network', 'lk-net', 'busybox', 'sleep', '300']);
  const ip = await ok(docker, ['inspect', '-f', '{{(index .NetworkSettings.Networks "lk-net").IPAddress}}', 'lk-target']);
  // A link to a container that does not exist is no error on a user network (Docker's rule): it just never resolves.
  await ok(docker, ['run', '-d', '--name', 'lk-app', '--network', 'lk-net', '--link', 'lk-target:backend', '--link', 'lk-nobody:gone', 'busybox', 'sleep', '300']);
  assert.match(await ok(docker, ['exec', 'lk-app', 'nslookup', 'backend']), new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
  assert.equal(await ok(docker, ['exec', 'lk-app', 'sh', '-c', 'env | grep -c BACKEND_ || true']), '0');
  assert.doesNotMatch(await ok(docker, ['exec', 'lk-app', 'cat', '/etc/hosts']), /backend/);
  const other = await docker(['run', '--rm', '--network', 'lk-net', 'busybox', 'nslookup', 'backend']);
  assert.doesNotMatch(other.stdout, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`), 'another container does not see the alias');
  assert.equal(await ok(docker, ['inspect', '-f', '{{json .HostConfig.Links}} {{json (index .NetworkSettings.Networks "lk-net").Links}}', 'lk-app']), 'null ["lk-target:backend","lk-nobody:gone"]');
  await ok(docker, ['rm', '-f', 'lk-app', 'lk-target']);
  await ok(docker, ['network', 'rm', 'lk-net']);
});

test('endpoint settings given at create and connect show in inspect; before API 1.45 Aliases add the short id and hostname', async () => {
  await ok(docker, ['network', 'create', '--subnet', subnet(1), 'ep-a']);
  await ok(docker, ['network', 'create', '--subnet', subnet(2), 'ep-b']);
  await ok(docker, ['run', '-d', '--name', 'ep-peer', '--network', 'ep-b', 'busybox', 'sleep', '300']);
  await ok(docker, ['create', '--name', 'ep-c', '--network', 'ep-a', '--network-alias', 'al-a', '--link-local-ip', '169.254.7.7', 'busybox', 'sleep', '300']);
  await ok(docker, ['network', 'connect', '--alias', 'al-b', '--link', 'ep-peer:pp', '--driver-opt', 'k=v', '--link-local-ip', '169.254.8.8', 'ep-b', 'ep-c']);
  const view = async (): Promise<Record<string, { IPAMConfig: unknown; Aliases: unknown; Links: unknown; DriverOpts: unknown; IPAddress: string }>> =>
    JSON.parse(await ok(docker, ['inspect', '-f', '{{json .NetworkSettings.Networks}}', 'ep-c']));
  const expectSettings = (nets: Awaited<ReturnType<typeof view>>): void => {
    assert.deepEqual(nets['ep-a']?.IPAMConfig, { LinkLocalIPs: ['169.254.7.7'] });
    assert.deepEqual(nets['ep-a']?.Aliases, ['al-a']);
    assert.deepEqual(nets['ep-b']?.IPAMConfig, { LinkLocalIPs: ['169.254.8.8'] });
    assert.deepEqual([nets['ep-b']?.Aliases, nets['ep-b']?.Links, nets['ep-b']?.DriverOpts], [['al-b'], ['ep-peer:pp'], { k: 'v' }]);
  };
  expectSettings(await view());
  await ok(docker, ['start', 'ep-c']);
  const running = await view();
  expectSettings(running);
  assert.notEqual(running['ep-b']?.IPAddress, '');
  assert.match(await ok(docker, ['exec', 'ep-c', 'nslookup', 'pp']), /Name:\s+pp/, 'the connect-time link resolves');

  const id = await ok(docker, ['inspect', '-f', '{{.Id}}', 'ep-c']);
  const aliases = await pythonSdk<Record<string, string[]>>(d, [
    'old = docker.from_env(version="1.44")',
    'nets = old.api.inspect_container("ep-c")["NetworkSettings"]["Networks"]',
    'emit({k: v["Aliases"] for k, v in nets.items()})',
  ].join('\n'));
  assert.deepEqual(aliases, { 'ep-a': ['al-a', id.slice(0, 12)], 'ep-b': ['al-b', id.slice(0, 12)] });

  const bad = await http(d.socket, 'POST', '/networks/ep-a/connect', JSON.stringify({ Container: 'ep-peer', EndpointConfig: { IPAMConfig: { LinkLocalIPs: ['nope'] } } }));
  assert.deepEqual([bad.status, JSON.parse(bad.body).message], [400, 'invalid link-local IP address: nope']);
  await ok(docker, ['rm', '-f', 'ep-c', 'ep-peer']);
  await ok(docker, ['network', 'rm', 'ep-a', 'ep-b']);
});

test('an explicit --subnet is refused only when it overlaps a network of this daemon, not a host bridge', async () => {
  const dev = `lk${randomBytes(3).toString('hex')}`;
  const [a, b, c] = subnet(3).split('.');
  const hostNet = `${a}.${b}.${c}`;
  await run('ip', ['link', 'add', dev, 'type', 'bridge']);
  try {
    const added = await run('ip', ['addr', 'add', `${hostNet}.1/24`, 'dev', dev]);
    assert.equal(added.code, 0, added.stderr);
    await ok(docker, ['network', 'create', '--subnet', `${hostNet}.0/24`, 'sub-beside-host']);
    const clash = await docker(['network', 'create', '--subnet', `${hostNet}.128/25`, 'sub-clash']);
    assert.notEqual(clash.code, 0);
    assert.match(clash.stderr, /Pool overlaps with other one on this address space/);
    assert.equal((await docker(['network', 'inspect', 'sub-clash'])).code, 1);
    await ok(docker, ['network', 'rm', 'sub-beside-host']);
  } finally {
    await run('ip', ['link', 'del', dev]);
  }
});

test('a volume created without a name is anonymous: volume prune removes it and not named ones unless --all', async () => {
  const anon = await ok(docker, ['volume', 'create']);
  assert.equal(await ok(docker, ['volume', 'inspect', '-f', '{{json .Labels}}', anon]), '{"com.docker.volume.anonymous":""}');
  const sdk = await pythonSdk<{ name: string; labels: Record<string, string> }>(d, 'v = client.volumes.create(labels={"team": "x"})\nemit({"name": v.name, "labels": v.attrs["Labels"]})');
  assert.deepEqual(sdk.labels, { team: 'x', 'com.docker.volume.anonymous': '' });
  await ok(docker, ['volume', 'create', 'vol-named']);
  assert.equal(await ok(docker, ['volume', 'inspect', '-f', '{{json .Labels}}', 'vol-named']), '{}');

  const pruned = await http(d.socket, 'POST', '/volumes/prune');
  assert.equal(pruned.status, 200);
  assert.deepEqual((JSON.parse(pruned.body).VolumesDeleted as string[]).sort(), [anon, sdk.name].sort());
  assert.equal(await ok(docker, ['volume', 'ls', '-q']), 'vol-named');
  assert.match(await ok(docker, ['volume', 'prune', '-af']), /vol-named/);
  assert.equal(await ok(docker, ['volume', 'ls', '-q']), '');
});

const compose = (await run('sh', ['-c', 'command -v docker-compose'])).code === 0;

test('docker-compose 1.29 `links:` give the linking service the variables and the name', { skip: compose ? false : 'docker-compose is not installed' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lk-compose-'));
  const file = join(dir, 'docker-compose.yml');
  await writeFile(file, ['version: "2.4"', 'services:', '  db:', '    image: busybox', '    command: sleep 300', '    network_mode: bridge', '    expose: ["5432"]', '  web:', '    image: busybox', '    command: sleep 300', '    network_mode: bridge', '    links: ["db:database"]', ''].join('\n'));
  const dc = (args: string[]) => run('docker-compose', ['-f', file, '-p', 'lkc', ...args], { env: d.env, timeoutMs: 120_000 });
  try {
    const up = await dc(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    const env = await ok(docker, ['exec', 'lkc_web_1', 'env']);
    assert.match(env, /DATABASE_PORT_5432_TCP_PORT=5432/);
    assert.match(await ok(docker, ['exec', 'lkc_web_1', 'ping', '-c1', '-W2', 'database']), /1 packets received/);
  } finally {
    await dc(['down', '-t', '1']);
    await rm(dir, { recursive: true, force: true });
  }
});
