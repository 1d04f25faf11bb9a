/**
 * Round trips with a real dockerd (Debian's docker.io) on its own socket and
 * data root: `docker save` tarballs go both ways and the images keep their IDs.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { startDocker, type DockerDaemon } from '../support/dockerd.js';
import { cli, ok } from '../support/clients.js';

let d: Daemon;
let tmp: string;
let docker: DockerDaemon | undefined;
before(async () => {
  d = await Daemon.start();
  tmp = await mkdtemp(join(tmpdir(), 'wharf-dockerd-'));
  docker = await startDocker(tmp, d);
});
after(async () => {
  await docker?.stop();
  await d?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('an image saved by Wharf loads into Docker, keeps its ID and runs', async (t) => {
  if (!docker) return t.skip('dockerd is not installed');
  const dk = docker;
  const dockerCli = (args: string[]) => dk.docker(args);
  assert.equal(await ok(dockerCli, ['image', 'inspect', '-f', '{{.Id}}', 'busybox']), await ok(cli(d, 'wharf'), ['image', 'inspect', '-f', '{{.Id}}', 'busybox']));
  assert.equal(await ok(dockerCli, ['run', '--rm', 'busybox', 'echo', 'ran in docker']), 'ran in docker');
});

test('an image saved by Docker loads into Wharf, keeps its ID and runs', async (t) => {
  if (!docker) return t.skip('dockerd is not installed');
  const dk = docker;
  const dockerCli = (args: string[]) => dk.docker(args);
  await ok(dockerCli, ['run', '--name', 'maker', 'busybox', 'sh', '-c', 'echo made by docker > /made; mkdir -p /gone && rm -rf /bin/true']);
  await ok(dockerCli, ['commit', '-c', 'CMD ["cat", "/made"]', 'maker', 'made:1']);
  const tar = join(tmp, 'made.tar');
  await ok(dockerCli, ['save', '-o', tar, 'made:1']);
  const wharf = cli(d, 'wharf');
  assert.match(await ok(wharf, ['load', '-i', tar]), /Loaded image: made:1/);
  assert.equal(await ok(wharf, ['image', 'inspect', '-f', '{{.Id}}', 'made:1']), await ok(dockerCli, ['image', 'inspect', '-f', '{{.Id}}', 'made:1']));
  assert.equal(await ok(wharf, ['run', '--rm', 'made:1']), 'made by docker');
  // Docker's whiteout for the deleted file must hide it in Wharf's overlay too.
  const gone = await wharf(['run', '--rm', 'made:1', 'ls', '/bin/true']);
  assert.notEqual(gone.code, 0);
});
