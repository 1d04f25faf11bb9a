/**
 * The classic builder's RUN networking and `--cache-from`, through the real
 * docker CLI and wharf: RUN on the default bridge by default (the host's
 * resolvers, as a container there gets), on a user network by name (its
 * embedded DNS), `--network host|none`, `--add-host`, an unknown network's
 * error. The only traffic goes to httpd containers on bridges this file makes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon, run } from '../support/daemon.js';
import { bothClients, ok, type Cli } from '../support/clients.js';
import { makeContext, removeContexts, writeTree } from '../support/build-context.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
let docker: Cli;
/** The user network's httpd (`web`) and one on the default bridge, by address. */
let webIp: string;
let bridgeWebIp: string;
const NET = 'bnet';

/** An httpd container serving `text` at `/`; resolves once it answers. */
async function startWeb(name: string, network: string[], text: string): Promise<void> {
  await ok(docker, ['run', '-d', '--name', name, ...network, 'busybox', 'sh', '-c', `mkdir /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`]);
  await waitFor(async () => (await docker(['exec', name, 'wget', '-qO-', 'http://127.0.0.1/'])).stdout.includes(text), { what: `${name}'s httpd` });
}

before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  // A random /24 of 10.238/16: away from test daemons' default bridges (10.240+) and the network tests' 10.239.
  await ok(docker, ['network', 'create', '--subnet', `10.238.${randomBytes(1)[0]! % 250}.0/24`, NET]);
  await startWeb('web', ['--network', NET], 'hello-from-web');
  await startWeb('web0', [], 'hello-from-bridge');
  webIp = await ok(docker, ['inspect', '-f', `{{(index .NetworkSettings.Networks "${NET}").IPAddress}}`, 'web']);
  bridgeWebIp = await ok(docker, ['inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', 'web0']);
});

after(async () => {
  await d?.destroy();
  await removeContexts();
});

const dockerfile = (...lines: string[]): string => ['FROM busybox', ...lines, ''].join('\n');

/** The netns files the network service holds: one per running container, none left by a build. */
async function sandboxCount(): Promise<number> {
  return (await readdir(join(d.execRoot, 'network', 'netns')).catch(() => [])).length;
}

bothClients('RUN on a user network reaches a container there by name', () => d, async (c, client) => {
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo ${client} && wget -qO- http://web/`) });
  const r = await c(['build', '--network', NET, ctx]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Running in [0-9a-f]{12}\n[\s\S]*hello-from-web\n ---> Removed intermediate container/);
  assert.equal(await sandboxCount(), 2, 'the RUN container\'s sandbox is gone');
});

bothClients('RUN defaults to the default bridge: --add-host names, the host\'s resolvers, no /etc file in the layer', () => d, async (c, client) => {
  const ctx = await makeContext({
    Dockerfile: dockerfile(`RUN echo ${client} > /made && wget -qO- http://web2/ && cat /etc/resolv.conf && grep web2 /etc/hosts`),
  });
  const r = await c(['build', '--add-host', `web2:${bridgeWebIp}`, '-t', `addhost-${client}`, ctx]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /hello-from-bridge\n/);
  assert.match(r.stdout, new RegExp(`${bridgeWebIp.replace(/\./g, '\\.')}\\s+web2\\n`));
  // What a container on the default bridge is given.
  const resolv = await ok(docker, ['run', '--rm', 'busybox', 'cat', '/etc/resolv.conf']);
  assert.ok(r.stdout.includes(`${resolv}\n`), `RUN's resolv.conf:\n${r.stdout}\nexpected:\n${resolv}`);
  // busybox has no /etc/hosts, /etc/resolv.conf or /etc/hostname: the bind mounts' stand-ins do not stay in the image.
  const dir = await mkdtemp(join(tmpdir(), 'wbn-'));
  try {
    await ok(docker, ['save', '-o', join(dir, 'img.tar'), `addhost-${client}`]);
    await run('tar', ['-xf', join(dir, 'img.tar'), '-C', dir]);
    const blobs = join(dir, 'blobs', 'sha256');
    const entries: string[] = [];
    for (const b of await readdir(blobs)) entries.push(...(await run('tar', ['-tf', join(blobs, b)])).stdout.split('\n'));
    assert.ok(entries.includes('made'), 'the RUN step\'s layer is in the image');
    assert.deepEqual(entries.filter((e) => /^etc\/(hosts|resolv\.conf|hostname)$/.test(e)), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// One client each for `none` and `host` (the query parameter is the one `--network NAME` sends, tested with both above).
test('RUN with --network none has loopback only [docker]', async () => {
  const [c, client] = [docker, 'docker'];
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo ${client} && cat /proc/net/dev && wget -qO- -T 3 http://${webIp}/`) });
  const r = await c(['build', '--network', 'none', ctx]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stdout, /^\s*lo:/m);
  assert.doesNotMatch(r.stdout, /^\s*eth0:/m);
  assert.match(r.stdout + r.stderr, /The command '\/bin\/sh -c echo \w+ && cat \/proc\/net\/dev && wget .*' returned a non-zero code: 1/);
  assert.doesNotMatch(r.stdout, /hello-from-web/);
});

test('RUN with --network host sees the host\'s interfaces [wharf]', async () => {
  const [c, client]: [Cli, string] = [(a, o) => d.wharf(a, o), 'wharf'];
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo ${client} && cat /proc/net/dev`) });
  const r = await c(['build', '--network', 'host', ctx]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^\s*lo:/m);
  // The daemon's default bridge is a device of the host, not of any container.
  assert.match(r.stdout, new RegExp(`^\\s*${d.bridgePrefix}0:`, 'm'));
});

bothClients('an unknown network fails the RUN with Docker\'s message', () => d, async (c, client) => {
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo ${client}`) });
  const r = await c(['build', '--network', 'no-such-net', ctx]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /^network no-such-net not found$/m);
  assert.doesNotMatch(r.stderr, /Dockerfile:/);
  assert.equal(await sandboxCount(), 2);
});

bothClients('--cache-from: only the named images\' chains are cache sources', () => d, async (c, client) => {
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo cached-${client} > /c`, 'CMD ["cat", "/c"]') });
  const first = await c(['build', '-t', `cf-${client}:1`, ctx]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const id = (s: string): string | undefined => /Successfully built ([0-9a-f]{12})/.exec(s)?.[1];

  const from = await c(['build', '--cache-from', `cf-${client}:1`, ctx]);
  assert.equal(from.code, 0, from.stderr);
  assert.equal(from.stdout.match(/ ---> Using cache\n/g)?.length, 2, from.stdout);
  assert.equal(id(from.stdout), id(first.stdout));

  // A missing image is no source, an unrelated one holds no step of this build: nothing is reused.
  for (const source of ['no-such-image:1', 'busybox']) {
    const cold = await c(['build', '--cache-from', source, ctx]);
    assert.equal(cold.code, 0, cold.stderr);
    assert.doesNotMatch(cold.stdout, /Using cache/, source);
    assert.match(cold.stdout, / ---> Running in /);
  }
  // Without --cache-from the local cache serves, as before.
  const local = await c(['build', ctx]);
  assert.match(local.stdout, /RUN echo cached-\w+ > \/c\n ---> Using cache\n/);
});

test('--cache-from a loaded image (no parent chain) serves each step its history holds [docker]', async () => {
  const [c, client] = [docker, 'docker'];
  const ctx = await makeContext({ Dockerfile: dockerfile(`RUN echo loaded-${client} > /c`, 'ENV MODE=cached', 'RUN cat /c > /d', 'CMD ["cat", "/d"]') });
  const tag = `cfl-${client}:1`;
  const first = await c(['build', '-t', tag, ctx]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const id = await ok(docker, ['inspect', '-f', '{{.Id}}', tag]);
  const dir = await mkdtemp(join(tmpdir(), 'wbn-'));
  try {
    await ok(docker, ['save', '-o', join(dir, 'img.tar'), tag]);
    // Gone with its intermediate images (and so the local cache's entries); loaded back without a parent.
    await ok(docker, ['rmi', tag]);
    await ok(docker, ['load', '-i', join(dir, 'img.tar')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.equal(await ok(docker, ['inspect', '-f', '{{.Parent}}', tag]), '');

  const r = await c(['build', '--cache-from', tag, ctx]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.match(/ ---> Using cache\n/g)?.length, 4, r.stdout);
  assert.doesNotMatch(r.stdout, /Running in/);
  assert.match(r.stdout, new RegExp(`Successfully built ${id.slice(7, 19)}\\n`));
  // The steps recorded from it are the build cache's own now: a plain rebuild hits them.
  const again = await c(['build', ctx]);
  assert.equal(again.stdout.match(/ ---> Using cache\n/g)?.length, 4, again.stdout);
});

test('a CMD served from the cache still counts for a later ENTRYPOINT in the stage [wharf]', async () => {
  const wharf: Cli = (a, o) => d.wharf(a, o);
  const ctx = await makeContext({ Dockerfile: dockerfile('CMD ["kept-cmd"]', 'ENTRYPOINT ["echo", "v1"]') });
  await ok(wharf, ['build', ctx]);
  await writeTree(ctx, { Dockerfile: dockerfile('CMD ["kept-cmd"]', 'ENTRYPOINT ["echo", "v2"]') });
  const r = await wharf(['build', '-t', 'entry-after-cached-cmd', ctx]);
  assert.match(r.stdout, /CMD \["kept-cmd"\]\n ---> Using cache\n/);
  // Docker's rule: ENTRYPOINT resets CMD only when no CMD came before it in the stage.
  assert.equal(await ok(wharf, ['run', '--rm', 'entry-after-cached-cmd']), 'v2 kept-cmd');
});
