/**
 * Storage parity: named and anonymous volumes, binds, tmpfs, --volumes-from
 * and --read-only through the real docker CLI and wharf, volumes surviving
 * container removal and a daemon crash, and refused mount specs creating nothing.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { http } from '../support/http.js';
import { bothClients, ok, type Cli } from '../support/clients.js';

let d: Daemon;
let docker: Cli;
before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  // An image with content owned by someone other than root, and a VOLUME.
  await ok(docker, ['run', '--name', 'seed-src', 'busybox', 'sh', '-c', 'mkdir -p /seed && echo from-image > /seed/file && chown -R 1234:5678 /seed && chmod 750 /seed']);
  await ok(docker, ['commit', '-c', 'VOLUME /data', 'seed-src', 'seeded:latest']);
  await ok(docker, ['rm', 'seed-src']);
});
after(async () => {
  await d?.destroy();
});

async function containerCount(): Promise<number> {
  return JSON.parse((await http(d.socket, 'GET', '/containers/json?all=1')).body).length;
}

async function volumeNames(): Promise<string[]> {
  return JSON.parse((await http(d.socket, 'GET', '/volumes')).body).Volumes.map((v: { Name: string }) => v.Name);
}

bothClients('shared volume: a writer and a reader share it, the data outlives both', () => d, async (c, client) => {
  const vol = `shared-${client}`;
  assert.equal(await ok(c, ['volume', 'create', '--label', 'team=a', vol]), vol);
  await ok(c, ['run', '-d', '--name', `reader-${client}`, '-v', `${vol}:/shared:ro`, 'busybox', 'sh', '-c', 'while [ ! -f /shared/msg ]; do sleep 0.1; done; cat /shared/msg']);
  await ok(c, ['run', '--name', `writer-${client}`, '--mount', `type=volume,src=${vol},dst=/shared`, 'busybox', 'sh', '-c', 'echo hello > /shared/msg']);
  assert.equal(await ok(c, ['wait', `reader-${client}`]), '0');
  assert.equal(await ok(c, ['logs', `reader-${client}`]), 'hello');

  const inUse = await c(['volume', 'rm', vol]);
  assert.notEqual(inUse.code, 0);
  assert.match(inUse.stderr, new RegExp(`remove ${vol}: volume is in use - \\[[0-9a-f]{64}, [0-9a-f]{64}\\]`));
  assert.match(await ok(c, ['volume', 'ls', '--filter', 'dangling=false', '--format', '{{.Name}} {{.Labels}}']), new RegExp(`^${vol} team=a$`, 'm'));
  const mounts = JSON.parse(await ok(c, ['inspect', '-f', '{{json .Mounts}}', `writer-${client}`]));
  assert.deepEqual(mounts, [
    { Type: 'volume', Name: vol, Source: join(d.dataRoot, 'volumes', vol, '_data'), Destination: '/shared', Driver: 'local', Mode: '', RW: true, Propagation: '' },
  ]);

  await ok(c, ['rm', '-v', `reader-${client}`, `writer-${client}`]);
  assert.equal(await ok(c, ['run', '--rm', '-v', `${vol}:/again`, 'busybox', 'cat', '/again/msg']), 'hello');
  assert.match(await ok(c, ['volume', 'ls', '-q', '--filter', 'dangling=true', '--filter', 'label=team=a']), new RegExp(`^${vol}$`, 'm'));
  const inspect = JSON.parse(await ok(c, ['volume', 'inspect', vol]));
  assert.equal(inspect[0].Mountpoint, join(d.dataRoot, 'volumes', vol, '_data'));
  assert.deepEqual(inspect[0].Labels, { team: 'a' });
  assert.equal(await ok(c, ['volume', 'rm', vol]), vol);
  assert.ok(!(await volumeNames()).includes(vol));
  const missing = await c(['volume', 'inspect', vol]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`get ${vol}: no such volume`));
  assert.equal((await c(['volume', 'rm', '-f', vol])).code, 0);
});

bothClients('a new volume is seeded from the image, owners and modes kept; nocopy leaves it empty', () => d, async (c, client) => {
  const out = await ok(c, ['run', '--rm', '-v', `seed-${client}:/seed`, 'seeded', 'sh', '-c', 'cat /seed/file; stat -c "%u:%g %a" /seed /seed/file']);
  assert.equal(out, 'from-image\n1234:5678 750\n1234:5678 644');
  const host = join(d.dataRoot, 'volumes', `seed-${client}`, '_data');
  const st = await stat(join(host, 'file'));
  assert.equal(`${st.uid}:${st.gid}`, '1234:5678');
  // An existing, non-empty volume is not overwritten by another image's content.
  await ok(c, ['run', '--rm', '-v', `seed-${client}:/seed`, 'seeded', 'sh', '-c', 'echo changed > /seed/file']);
  assert.equal(await ok(c, ['run', '--rm', '-v', `seed-${client}:/seed`, 'seeded', 'cat', '/seed/file']), 'changed');
  assert.equal(await ok(c, ['run', '--rm', '--mount', `type=volume,src=nocopy-${client},dst=/seed,volume-nocopy`, 'seeded', 'ls', '-A', '/seed']), '');
  await ok(c, ['volume', 'rm', `seed-${client}`, `nocopy-${client}`]);
});

bothClients('anonymous volumes from VOLUME and -v /path; rm -v removes only those', () => d, async (c, client) => {
  const name = `anon-${client}`;
  await ok(c, ['run', '--name', name, '-v', '/scratch', '-v', `kept-${client}:/kept`, 'seeded', 'sh', '-c', 'echo x > /data/y && echo s > /scratch/t']);
  const mounts: Array<{ Name: string; Destination: string; Type: string }> = JSON.parse(await ok(c, ['inspect', '-f', '{{json .Mounts}}', name]));
  const anon = mounts.filter((m) => m.Destination !== '/kept').map((m) => m.Name);
  assert.deepEqual(mounts.map((m) => m.Destination).sort(), ['/data', '/kept', '/scratch']);
  for (const n of anon) assert.match(n, /^[0-9a-f]{64}$/);
  const labels = JSON.parse(await ok(c, ['volume', 'inspect', '-f', '{{json .Labels}}', anon[0]!]));
  assert.deepEqual(labels, { 'com.docker.volume.anonymous': '' });
  await ok(c, ['rm', '-v', name]);
  const left = await volumeNames();
  for (const n of anon) assert.ok(!left.includes(n), `anonymous volume ${n} should be gone`);
  assert.ok(left.includes(`kept-${client}`));

  // --rm removes anonymous volumes too; prune takes anonymous ones only unless --all.
  await ok(c, ['run', '--rm', 'seeded', 'true']);
  await ok(c, ['run', '--name', `${name}-2`, 'seeded', 'true']);
  const anon2 = JSON.parse(await ok(c, ['inspect', '-f', '{{json .Mounts}}', `${name}-2`]))[0].Name as string;
  await ok(c, ['rm', `${name}-2`]);
  assert.match(await ok(c, ['volume', 'prune', '-f']), new RegExp(`Deleted Volumes:\\n${anon2}\\n`));
  assert.ok((await volumeNames()).includes(`kept-${client}`));
  assert.match(await ok(c, ['volume', 'prune', '-af', '--filter', 'label!=nothing']), new RegExp(`kept-${client}`));
});

bothClients('build container: output lands in the bind-mounted /build with the builder\'s owner', () => d, async (c, client) => {
  const src = join(d.root, `src-${client}`);
  const out = join(d.root, `out-${client}`, 'build');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'main.c'), 'int main() { return 0; }\n');
  const script = 'cat /src/main.c | wc -l > /build/app.o && echo linked > /build/app && chmod 755 /build/app';
  await ok(c, ['run', '--rm', '-v', `${src}:/src:ro`, '-v', `${out}:/build`, '--user', '0', 'busybox', 'chown', '1000:1000', '/build']);
  await ok(c, ['run', '--rm', '--user', '1000:1000', '--mount', `type=bind,src=${src},dst=/src,readonly`, '-v', `${out}:/build`, '-w', '/build', 'busybox', 'sh', '-c', script]);
  assert.equal(await readFile(join(out, 'app'), 'utf8'), 'linked\n');
  assert.equal((await readFile(join(out, 'app.o'), 'utf8')).trim(), '1');
  const st = await stat(join(out, 'app'));
  assert.equal(`${st.uid}:${st.gid} ${(st.mode & 0o777).toString(8)}`, '1000:1000 755');
  await ok(c, ['create', '--name', `prop-${client}`, '--mount', `type=bind,src=${src},dst=/src,bind-propagation=rslave`, 'busybox', 'true']);
  const [bindMount] = JSON.parse(await ok(c, ['inspect', '-f', '{{json .Mounts}}', `prop-${client}`]));
  assert.deepEqual(bindMount, { Type: 'bind', Source: src, Destination: '/src', Mode: '', RW: true, Propagation: 'rslave' });
  await ok(c, ['rm', `prop-${client}`]);
  // The read-only source refuses writes.
  const ro = await c(['run', '--rm', '-v', `${src}:/src:ro`, 'busybox', 'touch', '/src/x']);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /Read-only file system/);
});

bothClients('tmpfs, --read-only and --volumes-from', () => d, async (c, client) => {
  const out = await ok(c, ['run', '--rm', '--read-only', '--tmpfs', '/run:size=1m', '--mount', 'type=tmpfs,dst=/cache,tmpfs-size=2m,tmpfs-mode=1770', 'busybox', 'sh', '-c',
    'touch /run/ok /cache/ok && stat -c %a /cache && grep -E " /(run|cache) " /proc/mounts | cut -d" " -f2,4; touch /root/no || echo refused']);
  const lines = out.split('\n');
  assert.equal(lines[0], '1770');
  assert.match(out, /^\/run rw,.*size=1024k/m);
  assert.match(out, /^\/cache rw,.*size=2048k/m);
  assert.equal(lines.at(-1), 'refused');

  const owner = `vf-${client}`;
  await ok(c, ['create', '--name', owner, '-v', `vf-data-${client}:/data`, '-v', '/anon', 'busybox', 'true']);
  await ok(c, ['run', '--rm', '--volumes-from', owner, 'busybox', 'sh', '-c', 'echo a > /data/f && echo b > /anon/g']);
  const ro = await c(['run', '--rm', '--volumes-from', `${owner}:ro`, 'busybox', 'sh', '-c', 'cat /data/f /anon/g; touch /data/z']);
  assert.equal(ro.stdout, 'a\nb\n');
  assert.match(ro.stderr, /Read-only file system/);
  await ok(c, ['rm', '-v', owner]);
  await ok(c, ['volume', 'rm', `vf-data-${client}`]);
});

test('local driver options: a tmpfs volume is mounted while used; a bind volume shows the host directory', async () => {
  await ok(docker, ['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'tmpvol']);
  assert.match(await ok(docker, ['run', '--rm', '-v', 'tmpvol:/t', 'busybox', 'grep', ' /t ', '/proc/mounts']), /^tmpfs \/t tmpfs rw.*size=1024k/);
  const host = join(d.root, 'bound');
  await mkdir(host);
  await writeFile(join(host, 'there'), 'yes');
  await ok(docker, ['volume', 'create', '-o', 'type=none', '-o', 'o=bind', '-o', `device=${host}`, 'bindvol']);
  assert.equal(await ok(d.wharf.bind(d), ['run', '--rm', '-v', 'bindvol:/b', 'busybox', 'cat', '/b/there']), 'yes');
  assert.deepEqual(JSON.parse(await ok(docker, ['volume', 'inspect', '-f', '{{json .Options}}', 'bindvol'])), { type: 'none', o: 'bind', device: host });
  await ok(docker, ['volume', 'rm', 'tmpvol', 'bindvol']);
  assert.equal(await readFile(join(host, 'there'), 'utf8'), 'yes');
  const bad = await docker(['volume', 'create', '-o', 'foo=bar', 'badopt']);
  assert.match(bad.stderr, /create badopt: invalid option: "foo"/);
});

test('volumes and their references survive a daemon crash', async () => {
  await ok(docker, ['run', '-d', '--name', 'keeper', '-v', 'durable:/d', 'busybox', 'sh', '-c', 'echo kept > /d/f; sleep 1000']);
  await ok(docker, ['exec', 'keeper', 'cat', '/d/f']);
  await d.crash();
  await d.spawn();
  assert.ok((await volumeNames()).includes('durable'));
  const inUse = await docker(['volume', 'rm', 'durable']);
  assert.match(inUse.stderr, /volume is in use/);
  assert.equal(await ok(docker, ['exec', 'keeper', 'cat', '/d/f']), 'kept');
  await ok(docker, ['rm', '-f', 'keeper']);
  assert.equal(await ok(docker, ['run', '--rm', '-v', 'durable:/d', 'busybox', 'cat', '/d/f']), 'kept');
  const df = await ok(docker, ['system', 'df', '-v', '--format', '{{json .Volumes}}']);
  assert.match(df, /"Name":"durable"/);
  assert.match(await ok(docker, ['system', 'df']), /Local Volumes\s+\d+\s+0\s+/);
  await ok(docker, ['volume', 'rm', 'durable']);
});

test('volume events: create, mount, unmount, destroy', async () => {
  const since = String(Math.floor(Date.now() / 1000) - 1);
  await ok(docker, ['run', '--rm', '-v', 'evvol:/e', 'busybox', 'true']);
  await ok(docker, ['volume', 'rm', 'evvol']);
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const events = await ok(docker, ['events', '--since', since, '--until', until, '--filter', 'type=volume', '--filter', 'volume=evvol', '--format', '{{.Action}}']);
  assert.deepEqual(events.split('\n'), ['create', 'mount', 'unmount', 'destroy']);
});

test('bad mount specs are refused with Docker\'s messages and create nothing', async () => {
  const containers = await containerCount();
  const volumes = (await volumeNames()).length;
  const cases: Array<[string[], RegExp]> = [
    [['-v', '/tmp:/'], /invalid volume specification: '\/tmp:\/': invalid mount config for type "bind": invalid specification: destination can't be '\/'/],
    [['-v', 'vol1:/proc'], /"\/proc" cannot be mounted because it is not of type proc/],
    [['--mount', 'type=bind,src=/tmp,dst=/proc/sys'], /"\/proc\/sys" cannot be mounted because it is inside \/proc/],
    [['-v', 'vol2:relative'], /invalid mount path: 'relative' mount path must be absolute/],
    [['--mount', `type=bind,src=${join(d.root, 'absent')},dst=/x`], /invalid mount config for type "bind": bind source path does not exist: /],
    [['-v', 'bad/name:/x'], /includes invalid characters for a local volume name/],
    [['-v', 'vol3:/x', '-v', 'vol4:/x'], /Duplicate mount point: \/x/],
  ];
  for (const [flags, message] of cases) {
    const r = await docker(['run', '--rm', ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const unknownKey = await d.wharf(['run', '--mount', 'type=volume,dst=/x,colour=red', 'busybox', 'true']);
  assert.equal(unknownKey.code, 125);
  assert.match(unknownKey.stderr, /unexpected key 'colour' in 'colour=red'/);
  const api = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/' }] } }));
  assert.equal(api.status, 400);
  const from = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { VolumesFrom: ['no-such-container'] } }));
  assert.equal(from.status, 404);
  assert.match(JSON.parse(from.body).message, /No such container: no-such-container/);
  assert.equal(await containerCount(), containers);
  assert.equal((await volumeNames()).length, volumes);
  const noName = await docker(['volume', 'rm']);
  assert.notEqual(noName.code, 0);
  assert.match(noName.stderr, /requires at least 1 argument/);
  const noNameWharf = await d.wharf(['volume', 'inspect']);
  assert.notEqual(noNameWharf.code, 0);
  assert.match(noNameWharf.stderr, /requires at least 1 argument/);
  assert.equal((await http(d.socket, 'GET', '/volumes/nosuch')).status, 404);
  assert.equal((await http(d.socket, 'GET', '/volumes?filters=%7B%22colour%22%3A%7B%22red%22%3Atrue%7D%7D')).status, 400);
  assert.equal((await docker(['volume', 'create', '-d', 'nfs', 'x1'])).code, 1);
});

test('system df -v lists volumes with their links, as docker does', async () => {
  await ok(docker, ['volume', 'create', 'dfvol']);
  await ok(docker, ['create', '--name', 'dfuser', '-v', 'dfvol:/x', 'busybox', 'true']);
  for (const c of [docker, d.wharf.bind(d)]) {
    const out = await ok(c, ['system', 'df', '-v']);
    assert.match(out, /Local Volumes space usage:\n\nVOLUME NAME\s+LINKS\s+SIZE\n/);
    assert.match(out, /^dfvol\s+1\s+0B$/m);
    assert.match(out, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+LOCAL VOLUMES\s+SIZE\s+CREATED\s+STATUS\s+NAMES$/m);
  }
  await ok(docker, ['rm', 'dfuser']);
  await ok(docker, ['volume', 'rm', 'dfvol']);
});

bothClients('cp reaches into volumes and binds, and refuses read-only ones', () => d, async (c, client) => {
  const name = `cpvol-${client}`;
  const host = join(d.root, `cp-ro-${client}`);
  await mkdir(host, { recursive: true });
  await writeFile(join(d.root, `in-${client}.txt`), 'into-volume');
  await ok(c, ['create', '--name', name, '-v', `cpdata-${client}:/data`, '-v', `${host}:/ro:ro`, 'busybox', 'true']);
  await ok(c, ['cp', join(d.root, `in-${client}.txt`), `${name}:/data/in.txt`]);
  assert.equal(await ok(c, ['run', '--rm', '-v', `cpdata-${client}:/v`, 'busybox', 'cat', '/v/in.txt']), 'into-volume');
  await ok(c, ['cp', `${name}:/data/in.txt`, join(d.root, `out-${client}.txt`)]);
  assert.equal(await readFile(join(d.root, `out-${client}.txt`), 'utf8'), 'into-volume');
  const ro = await c(['cp', join(d.root, `in-${client}.txt`), `${name}:/ro/`]);
  assert.notEqual(ro.code, 0);
  assert.match(ro.stderr, /mounted volume is marked read-only/);
  await ok(c, ['rm', '-v', name]);
  await ok(c, ['volume', 'rm', `cpdata-${client}`]);
});
