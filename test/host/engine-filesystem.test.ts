import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTar, tarOf } from '../../src/archive/testing/tar-fixtures.js';
import { isInvalidArgument, isNotFound } from '../../src/errdefs/index.js';
import { collect, withEngine } from '../../src/engine/testing/test-engine.js';
import { waitFor } from '../support/wait.js';

const GO_DIR = 2 ** 31;
const GO_SYMLINK = 2 ** 27;

test('archive HEAD/GET/PUT on a stopped container, confined to its rootfs', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create('files', { Image: 'busybox', Cmd: ['sh', '-c', 'mkdir -p /data/sub && echo content > /data/sub/f && ln -s /etc /data/escape && ln -s sub/f /data/link'] });
    const { result } = await engine.containers.wait(Id, 'next-exit');
    await engine.containers.start(Id);
    await result;

    const dir = await engine.containers.statPath(Id, '/data/sub');
    assert.equal(dir.name, 'sub');
    assert.equal(dir.mode, GO_DIR + 0o755);
    const link = await engine.containers.statPath(Id, '/data/link');
    assert.equal(link.mode & GO_SYMLINK, GO_SYMLINK);
    assert.equal(link.linkTarget, '/data/sub/f');
    await assert.rejects(engine.containers.statPath(Id, '/nope'), (err: unknown) => isNotFound(err) && (err as Error).message === `Could not find the file /nope in container ${Id}`);

    const { stat, tar } = await engine.containers.getArchive(Id, '/data/sub');
    assert.equal(stat.name, 'sub');
    const entries = await readTar(tar);
    assert.deepEqual(entries.map((e) => e.header.name).sort(), ['sub/', 'sub/f']);
    assert.equal(entries.find((e) => e.header.name === 'sub/f')?.body.toString(), 'content\n');

    // A symlink to / inside the container resolves inside its rootfs, never to the host's /etc.
    await engine.containers.putArchive(Id, '/data/escape', tarOf([{ name: 'planted', body: 'x' }]), { noOverwriteDirNonDir: true, copyUIDGID: false });
    const planted = await engine.containers.getArchive(Id, '/etc/planted');
    assert.equal((await readTar(planted.tar))[0]?.body.toString(), 'x');
    await assert.rejects(engine.containers.putArchive(Id, '/data/sub/f', tarOf([{ name: 'x', body: 'x' }]), { noOverwriteDirNonDir: true, copyUIDGID: false }), (err: unknown) =>
      isInvalidArgument(err) && (err as Error).message === 'extraction point is not a directory');

    const changes = await engine.containers.changes(Id);
    assert.deepEqual(
      changes.filter((c) => c.Path.startsWith('/data') || c.Path.startsWith('/etc')).sort((a, b) => a.Path.localeCompare(b.Path)),
      [
        { Path: '/data', Kind: 1 },
        { Path: '/data/escape', Kind: 1 },
        { Path: '/data/link', Kind: 1 },
        { Path: '/data/sub', Kind: 1 },
        { Path: '/data/sub/f', Kind: 1 },
        { Path: '/etc', Kind: 0 },
        { Path: '/etc/planted', Kind: 1 },
      ],
    );

    const exported = await readTar(await engine.containers.export(Id));
    assert.ok(exported.some((e) => e.header.name === 'data/sub/f'));
    assert.ok(exported.some((e) => e.header.name === 'bin/busybox'));
    assert.equal((await engine.containers.inspect(Id)).State.Status, 'exited');
  }));

test('commit a running container (paused meanwhile) into an image that runs', () =>
  withEngine(async ({ engine }) => {
    const { Id } = await engine.containers.create(undefined, { Image: 'busybox', Cmd: ['sh', '-c', 'echo committed > /marker; sleep 100'], Labels: { a: 'b' } });
    await engine.containers.start(Id);
    await waitFor(async () => (await engine.containers.changes(Id)).some((c) => c.Path === '/marker'), { what: '/marker in the changes', intervalMs: 20 });
    const { Id: imageId } = await engine.containers.commit(Id, { repo: 'snap', tag: 'v1', pause: true, changes: ['CMD ["cat", "/marker"]'], comment: 'hi' });
    assert.match(imageId, /^sha256:[0-9a-f]{64}$/);
    assert.equal((await engine.containers.inspect(Id)).State.Status, 'running');
    const image = await engine.images.inspect('snap:v1');
    assert.deepEqual(image.Config?.Cmd, ['cat', '/marker']);
    assert.deepEqual(image.Config?.Labels, { a: 'b' });
    assert.equal(image.Comment, 'hi');

    const run = await engine.containers.create(undefined, { Image: 'snap:v1' });
    const { result } = await engine.containers.wait(run.Id, 'next-exit');
    await engine.containers.start(run.Id);
    await result;
    const logs = await engine.containers.logs(run.Id, { follow: false, stdout: true, stderr: true, since: 0, until: 0, timestamps: false, tail: 'all' });
    assert.equal((await collect(logs.output)).stdout, 'committed\n');
    const ancestors = await engine.containers.list({ all: true, filters: { ancestor: ['busybox'] } });
    assert.deepEqual(ancestors.map((c) => c.Id).sort(), [Id, run.Id].sort());
  }));
