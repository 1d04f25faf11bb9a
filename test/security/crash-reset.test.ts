/**
 * Crashes and resets leave nothing behind: a wiped data root, a stale bridge, a
 * crash's partial files, a commit's pause, a stale pid file, and `wharf system reset`.
 * One daemon for the file, in order: the last test resets it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon, run } from '../support/daemon.js';
import { type Cli, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';
import { networkLeftovers } from '../support/network.js';
import { linksOf } from '../../src/network/testing/host-tools.js';

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);

before(async () => {
  d = await Daemon.start();
});
after(async () => {
  await d?.destroy();
});

const randomSubnet = (): string => `10.${240 + (randomBytes(1)[0]! % 15)}.${randomBytes(1)[0]}.1/24`;
const defaultBridge = (): string => `${d.bridgePrefix}0`;

async function addresses(dev: string): Promise<string[]> {
  const out = JSON.parse((await run('ip', ['-j', '-4', 'addr', 'show', 'dev', dev])).stdout || '[]') as Array<{ addr_info?: Array<{ local: string; prefixlen: number }> }>;
  return out.flatMap((a) => (a.addr_info ?? []).map((i) => `${i.local}/${i.prefixlen}`));
}

/** A user's "reset": the daemon stopped, its data root deleted by hand, its exec root and the host left as they are. */
async function wipeDataRoot(): Promise<void> {
  await d.stopDaemon();
  await rm(d.dataRoot, { recursive: true, force: true });
}

async function bootstrap(): Promise<void> {
  const r = await d.wharf(['image', 'bootstrap', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
}

test('after the data root is wiped, run works again and the old user networks bridges are gone', async () => {
  await ok(docker, ['network', 'create', 'old-net']);
  const userBridges = (await linksOf(d.bridgePrefix)).filter((l) => l.startsWith(`${d.bridgePrefix}-`));
  assert.equal(userBridges.length, 1);
  const before = await addresses(defaultBridge());

  await wipeDataRoot();
  await d.spawn({ bip: null });
  await bootstrap();

  assert.equal(await ok(docker, ['run', '--rm', 'busybox', 'true']), '');
  // The surviving bridge's address was adopted, not doubled by a new pick.
  assert.deepEqual(await addresses(defaultBridge()), before);
  assert.deepEqual((await linksOf(d.bridgePrefix)).filter((l) => l.startsWith(`${d.bridgePrefix}-`)), []);
});

test('a stale default bridge with another address is adopted without --bip, and replaced by --bip', async () => {
  const stale = randomSubnet();
  await wipeDataRoot();
  await run('ip', ['addr', 'flush', 'dev', defaultBridge()]);
  await run('ip', ['addr', 'add', stale, 'dev', defaultBridge()]);
  await d.spawn({ bip: null });
  await bootstrap();
  const subnet = `${stale.split('.').slice(0, 3).join('.')}.0/24`;
  assert.equal(await ok(docker, ['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', 'bridge']), subnet);
  assert.equal(await ok(docker, ['run', '--rm', 'busybox', 'true']), '');

  let bip = randomSubnet();
  while (bip === stale) bip = randomSubnet();
  await wipeDataRoot();
  await d.spawn({ bip });
  await bootstrap();
  assert.deepEqual(await addresses(defaultBridge()), [bip]);
  assert.equal(await ok(docker, ['run', '--rm', 'busybox', 'true']), '');
});

test('partial ingests, load and staging temp dirs and orphan bundles are reclaimed at start', async () => {
  await d.stopDaemon();
  const junk = [
    join(d.dataRoot, 'content', 'ingest', 'deadbeefdeadbeef'),
    join(d.dataRoot, 'images', 'tmp', 'load-abc123', 'blobs'),
    join(d.dataRoot, 'images', 'staging', 'layer-abc123', 'etc'),
    join(d.dataRoot, 'builder', 'tmp-abc123', 'file'),
    join(d.execRoot, 'bundles', 'f'.repeat(64), 'config.json'),
  ];
  for (const path of junk) {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, randomBytes(64 * 1024));
  }
  await d.spawn();
  for (const path of junk) assert.equal(existsSync(join(path, '..')), false, `${path} survived the restart`);
});

test('a container paused for a commit the daemon never finished runs again; one the user paused stays paused', async () => {
  await ok(docker, ['run', '-d', '--name', 'committing', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '-d', '--name', 'user-paused', 'busybox', 'sleep', '1000']);
  const id = await ok(docker, ['inspect', '-f', '{{.Id}}', 'committing']);
  // What a crash between the commit's freeze and thaw leaves: the frozen container and the intent.
  await ok(docker, ['pause', 'committing']);
  await ok(docker, ['pause', 'user-paused']);
  await d.crash();
  await writeFile(join(d.dataRoot, 'containers', id, 'paused-for-commit'), '');
  await d.spawn();

  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.Paused}}', 'committing']), 'running false');
  const state = JSON.parse((await run('runc', ['--root', join(d.execRoot, 'runc'), 'state', id])).stdout) as { status: string };
  assert.equal(state.status, 'running');
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.Paused}}', 'user-paused']), 'paused true');
  assert.equal(existsSync(join(d.dataRoot, 'containers', id, 'paused-for-commit')), false);
  // A commit that finishes leaves neither the freeze nor the marker.
  await ok(docker, ['commit', 'committing', 'after-thaw:1']);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.Paused}}', 'committing']), 'running false');
  assert.equal(existsSync(join(d.dataRoot, 'containers', id, 'paused-for-commit')), false);
  await ok(docker, ['rm', '-f', 'committing', 'user-paused']);
});

test('a pid file naming a zombie or an unrelated process does not stop the daemon from starting', async () => {
  // sleep 30 never reaps its child: the child becomes a zombie.
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombie = Number((await new Promise<Buffer>((r) => parent.stdout.once('data', r))).toString().trim());
    await waitFor(async () => (await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]?.startsWith('Z'), { what: 'a zombie' });
    for (const pid of [zombie, parent.pid!]) {
      await d.crash();
      await writeFile(join(d.execRoot, 'wharfd.pid'), String(pid));
      await d.spawn();
      assert.equal(await d.ping(), true);
    }
  } finally {
    parent.kill('SIGKILL');
  }
});

async function cgroupDirs(id: string): Promise<string[]> {
  const controllers = await readdir('/sys/fs/cgroup');
  return controllers.map((c) => join('/sys/fs/cgroup', c, 'wharf', id)).filter((p) => existsSync(p));
}

async function mountsUnderRoot(): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(d.root + '/'));
}

test('wharf system reset -f removes everything the daemon made from the host', async () => {
  await ok(docker, ['network', 'create', 'reset-net']);
  await ok(docker, ['run', '-d', '--name', 'web', '--network', 'reset-net', '-p', '127.0.0.1::80', '-v', 'reset-vol:/data', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '-d', '--name', 'plain', '-v', '/anon', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '--name', 'stopped', 'busybox', 'true']);
  await ok(docker, ['tag', 'busybox', 'mine:1']);
  const ids = (await ok(docker, ['ps', '-aq', '--no-trunc'])).split('\n');
  assert.equal(ids.length, 3);
  const cniNames = await d.cniNames();
  assert.notDeepEqual(await cgroupDirs(await ok(docker, ['inspect', '-f', '{{.Id}}', 'web'])), []);
  assert.notDeepEqual(await networkLeftovers(d.bridgePrefix, d.execRoot, cniNames), []);

  const r = await d.wharf(['system', 'reset', '-f']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Deleted containers: 3/);
  assert.equal(await d.exited(), 0);

  assert.deepEqual(await networkLeftovers(d.bridgePrefix, d.execRoot, cniNames), []);
  assert.deepEqual((await run('ip', ['-o', 'link'])).stdout.split('\n').filter((l) => l.includes(d.bridgePrefix)), []);
  assert.deepEqual((await run('iptables-save', [])).stdout.split('\n').filter((l) => l.includes(`wharf:${d.bridgePrefix}:`) || cniNames.some((n) => l.includes(n))), []);
  assert.deepEqual(await mountsUnderRoot(), []);
  for (const id of ids) assert.deepEqual(await cgroupDirs(id), []);
  assert.equal(existsSync(d.dataRoot), false);
  assert.equal(existsSync(d.execRoot), false);

  await d.spawn();
  assert.equal(await ok(docker, ['ps', '-aq']), '');
  assert.equal(await ok(docker, ['images', '-q']), '');
  assert.equal(await ok(docker, ['volume', 'ls', '-q']), '');
  assert.deepEqual((await ok(docker, ['network', 'ls', '--format', '{{.Name}}'])).split('\n').sort(), ['bridge', 'host', 'none']);
});
