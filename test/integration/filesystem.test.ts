import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon, run } from '../support/daemon.js';
import { bothClients, daemonForFile, ok } from '../support/clients.js';

let d: Daemon;
daemonForFile((started) => (d = started));

bothClients('cp in and out, files and directories, tar on stdin and stdout', () => d, async (c, client) => {
  const name = `cp-${client}`;
  const work = join(d.root, `cp-${client}`);
  await mkdir(join(work, 'dir', 'sub'), { recursive: true });
  await writeFile(join(work, 'dir', 'sub', 'f.txt'), 'nested');
  await writeFile(join(work, 'one.txt'), 'one');
  await ok(c, ['create', '--name', name, 'busybox', 'sleep', '1000']);
  await ok(c, ['cp', join(work, 'one.txt'), `${name}:/tmp/`]);
  await ok(c, ['cp', join(work, 'dir'), `${name}:/root/dir`]);
  await ok(c, ['start', name]);
  assert.equal(await ok(c, ['exec', name, 'cat', '/tmp/one.txt', '/root/dir/sub/f.txt']), 'onenested');
  await ok(c, ['exec', name, 'sh', '-c', 'echo made-inside > /root/out.txt']);
  await ok(c, ['cp', `${name}:/root/out.txt`, join(work, 'out.txt')]);
  assert.equal(await readFile(join(work, 'out.txt'), 'utf8'), 'made-inside\n');
  await ok(c, ['cp', `${name}:/root/dir`, join(work, 'back')]);
  assert.equal(await readFile(join(work, 'back', 'sub', 'f.txt'), 'utf8'), 'nested');
  const tar = await c(['cp', `${name}:/etc/hostname`, '-']);
  assert.equal(tar.code, 0);
  assert.match(tar.stdout, /hostname/);
  const missing = await c(['cp', `${name}:/no/such/file`, work]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /No such container:path|Could not find the file/);
  await ok(c, ['rm', '-f', name]);
});

bothClients('commit keeps changes and config; export and import round-trip a rootfs', () => d, async (c, client) => {
  const name = `commit-${client}`;
  await ok(c, ['run', '--name', name, 'busybox', 'sh', '-c', 'echo committed > /hello.txt']);
  const id = await ok(c, ['commit', '-c', 'CMD ["cat", "/hello.txt"]', '-m', 'msg', name, `committed-${client}:v1`]);
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(await ok(c, ['run', '--rm', `committed-${client}:v1`]), 'committed');
  assert.match(await ok(c, ['history', `committed-${client}:v1`]), /msg/);

  const tarPath = join(d.root, `export-${client}.tar`);
  await ok(c, ['export', '-o', tarPath, name]);
  assert.ok((await stat(tarPath)).size > 100_000);
  const listing = await run('tar', ['-tf', tarPath]);
  assert.match(listing.stdout, /^hello\.txt$/m);
  await ok(c, ['import', '-c', 'CMD ["sh"]', tarPath, `imported-${client}:latest`]);
  assert.equal(await ok(c, ['run', '--rm', `imported-${client}`, 'cat', '/hello.txt']), 'committed');
  await ok(c, ['rm', name]);
});

bothClients('save and load round-trip keeps the image id', () => d, async (c, client) => {
  const tarPath = join(d.root, `save-${client}.tar`);
  const id = await ok(c, ['image', 'inspect', '-f', '{{.Id}}', 'busybox']);
  await ok(c, ['tag', 'busybox', `saved-${client}:1`]);
  await ok(c, ['save', '-o', tarPath, `saved-${client}:1`]);
  const listing = (await run('tar', ['-tf', tarPath])).stdout;
  assert.match(listing, /^manifest\.json$/m);
  assert.match(listing, /^index\.json$/m);
  await ok(c, ['rmi', `saved-${client}:1`]);
  assert.match(await ok(c, ['load', '-i', tarPath]), new RegExp(`Loaded image: saved-${client}:1`));
  assert.equal(await ok(c, ['image', 'inspect', '-f', '{{.Id}}', `saved-${client}:1`]), id);
  assert.equal(await ok(c, ['run', '--rm', `saved-${client}:1`, 'echo', 'loaded']), 'loaded');
  await ok(c, ['rmi', `saved-${client}:1`]);
});

bothClients('images, tag, inspect, history, rmi, prune', () => d, async (c, client) => {
  await ok(c, ['tag', 'busybox', `tagged-${client}:a`]);
  await ok(c, ['image', 'tag', 'busybox', `localhost:5000/team/tagged-${client}:b`]);
  const table = await ok(c, ['images']);
  assert.match(table.split('\n')[0] ?? '', /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.match(table, new RegExp(`tagged-${client}\\s+a`));
  assert.match(table, new RegExp(`localhost:5000/team/tagged-${client}\\s+b`));
  assert.equal(await ok(c, ['images', '-q', `tagged-${client}`]).then((s) => s.split('\n').length), 1);
  const inspect = JSON.parse(await ok(c, ['image', 'inspect', `tagged-${client}:a`]));
  assert.ok(inspect[0].RepoTags.includes(`tagged-${client}:a`));
  assert.equal(inspect[0].Os, 'linux');
  assert.match(await ok(c, ['rmi', `tagged-${client}:a`]), new RegExp(`Untagged: tagged-${client}:a`));
  await ok(c, ['rmi', `localhost:5000/team/tagged-${client}:b`]);
  await ok(c, ['tag', 'busybox', `two-${client}:1`]);
  await ok(c, ['tag', 'busybox', `two-${client}:2`]);
  assert.match(await ok(c, ['rmi', `two-${client}:1`, `two-${client}:2`]), new RegExp(`Untagged: two-${client}:1\nUntagged: two-${client}:2`));
  const missing = await c(['rmi', 'no-such-image:x']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /No such image/);
  assert.match(await ok(c, ['image', 'prune', '-f']), /Total reclaimed space/);
});
