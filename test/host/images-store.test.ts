import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { tarTree } from '../../src/archive/index.js';
import { readTar, tarOf, type TestEntry } from '../../src/archive/testing/tar-fixtures.js';
import { isConflict, isInvalidArgument, isNotFound } from '../../src/errdefs/index.js';
import { chainIds } from '../../src/images/index.js';
import { bufferOf, legacyArchive } from '../../src/images/testing/image-fixtures.js';
import { encoded, sha256, type Digest } from '../../src/util/digest.js';
import { withImageScratch as withScratch, type ImageEngine as Engine, type ImageScratch as Scratch } from '../../src/engine/testing/image-scratch.js';

const LAYER1: TestEntry[] = [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/a', body: 'a1' },
  { name: 'etc/b', body: 'b1' },
  { name: 'data/', type: 'directory' },
  { name: 'data/old', body: 'old' },
];
const LAYER2: TestEntry[] = [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/.wh.b', body: '' },
  { name: 'data/', type: 'directory' },
  { name: 'data/.wh..wh..opq', body: '' },
  { name: 'data/new', body: 'new' },
];

async function busyboxRootfs(s: Scratch): Promise<Readable> {
  const root = join(s.dir, 'rootfs');
  await mkdir(join(root, 'bin'), { recursive: true });
  await mkdir(join(root, 'etc'));
  await copyFile('/bin/busybox', join(root, 'bin/busybox'));
  await symlink('busybox', join(root, 'bin/sh'));
  await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  return tarTree(root);
}

test('import, resolve in every form, tag, list, inspect and history', () =>
  withScratch(async (s) => {
    const e = await s.open('a');
    const rec = await e.images.importRootfs(await busyboxRootfs(s), { ref: 'busybox:test', message: 'hello', changes: ['CMD ["sh"]', 'ENV A=b', 'EXPOSE 80'] });
    for (const ref of ['busybox:test', 'docker.io/library/busybox:test', rec.id, encoded(rec.id), encoded(rec.id).slice(0, 1), `sha256:${encoded(rec.id).slice(0, 12)}`]) {
      assert.equal((await e.images.resolve(ref)).id, rec.id, ref);
    }
    await assert.rejects(e.images.resolve('busybox'), (err: unknown) => isNotFound(err) && (err as Error).message === 'No such image: busybox');
    await assert.rejects(e.images.resolve('Busybox'), /must be lowercase/);

    const inspect = await e.service.inspect('busybox:test');
    assert.equal(inspect.Id, rec.id);
    assert.deepEqual(inspect.RepoTags, ['busybox:test']);
    assert.deepEqual(inspect.Config?.Cmd, ['sh']);
    assert.deepEqual(inspect.Config?.Env, ['A=b']);
    assert.deepEqual(inspect.Config?.ExposedPorts, { '80/tcp': {} });
    assert.equal(inspect.Comment, 'hello');
    assert.equal(inspect.RootFS.Layers.length, 1);
    assert.ok(inspect.Size > 1000, 'size of the unpacked files');
    assert.ok(existsSync(join(inspect.GraphDriver.Data?.UpperDir ?? '/nonexistent', 'bin/busybox')));

    const history = await e.service.history(rec.id);
    assert.equal(history.length, 1);
    assert.equal(history[0].Id, rec.id);
    assert.deepEqual(history[0].Tags, ['busybox:test']);
    assert.equal(history[0].Comment, 'hello');
    assert.equal(history[0].Size, inspect.Size);

    await e.images.tag('busybox:test', 'other/repo:1');
    await e.images.tag(encoded(rec.id).slice(0, 6), 'localhost:5000/x');
    const [summary] = await e.service.list();
    assert.deepEqual(summary.RepoTags, ['busybox:test', 'localhost:5000/x:latest', 'other/repo:1']);
    assert.deepEqual(await e.service.list({ filters: { reference: ['other/*'] } }).then((l) => l.length), 1);
    assert.deepEqual(await e.service.list({ filters: { dangling: ['true'] } }), []);
    await assert.rejects(e.service.list({ filters: { bogus: ['x'] } }), /invalid filter 'bogus'/);
    await assert.rejects(e.images.tag('busybox:test', `x@sha256:${'a'.repeat(64)}`), /refusing to create a tag with a digest reference/);
    assert.deepEqual(
      e.events.map(([a, , attrs]) => `${a}:${attrs.name ?? ''}`),
      ['import:', 'tag:busybox:test', 'tag:other/repo:1', 'tag:localhost:5000/x:latest'],
    );
  }));

// One scenario on purpose: each step (load, container layer, commit, removals) works on what the last one left.
test('loaded layers with whiteouts, a container layer, commit, and Docker removal rules', () =>
  withScratch(async (s) => {
    const e = await s.open('a');
    const { tar, ids } = await legacyArchive([
      { tags: ['test/layers:v1'], layers: [LAYER1, LAYER2] },
      { tags: ['test/one:v1'], layers: [LAYER1], cmd: ['true'] },
    ]);
    assert.deepEqual(await e.images.load(tar), ['Loaded image: test/layers:v1', 'Loaded image: test/one:v1']);
    assert.equal((await e.snapshots.list()).length, 2, 'the shared first layer is unpacked once');
    const base = await e.images.resolve('test/layers:v1');
    assert.equal(base.id, ids[0]);

    const parentKey = await e.images.rootfsParent(base);
    assert.ok(parentKey);
    await e.snapshots.prepare('ctr1', parentKey);
    const root = await s.mount(e, 'ctr1');
    assert.equal(existsSync(join(root, 'etc/b')), false);
    assert.deepEqual(await readdir(join(root, 'data')), ['new']);
    await writeFile(join(root, 'etc/c'), 'c');
    await s.unmount(root);

    const child = await e.images.commit({
      snapshotKey: 'ctr1',
      parentImageId: base.id,
      config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
      changes: ['WORKDIR /data', 'ENV X=1'],
      author: 'me',
      comment: 'c1',
      ref: 'test/committed:1',
    });
    assert.equal(child.parent, base.id);
    const ci = await e.service.inspect(child.id);
    assert.equal(ci.Config?.WorkingDir, '/data');
    assert.deepEqual(ci.Config?.Env, ['PATH=/bin', 'X=1']);
    assert.equal(ci.RootFS.Layers.length, 3);
    assert.equal(ci.Author, 'me');
    const hist = await e.service.history(child.id);
    assert.deepEqual(hist.map((h) => h.Id), [child.id, base.id, '<missing>']);
    assert.deepEqual(hist[0].Tags, ['test/committed:1']);

    await e.snapshots.prepare('ctr2', await e.images.rootfsParent(child));
    const root2 = await s.mount(e, 'ctr2');
    assert.equal(await readFile(join(root2, 'etc/c'), 'utf8'), 'c');
    assert.equal(await readFile(join(root2, 'data/new'), 'utf8'), 'new');
    await s.unmount(root2);

    e.usage.set(base.id, { running: ['f00dcafe0123456789'], stopped: [] });
    await assert.rejects(
      e.service.remove('test/layers:v1'),
      (err: unknown) => isConflict(err) && (err as Error).message === `conflict: unable to remove repository reference "test/layers:v1" (must force) - container f00dcafe0123 is using its referenced image ${encoded(base.id).slice(0, 12)}`,
    );
    await assert.rejects(e.service.remove(base.id, { force: true }), /cannot be forced\) - image has dependent child images/);
    e.usage.delete(base.id);

    await e.images.tag(child.id, 'test/committed:2');
    assert.deepEqual(await e.service.remove('test/committed:1'), [{ Untagged: 'test/committed:1' }]);
    await e.images.tag(child.id, 'another/repo:1');
    await assert.rejects(e.service.remove(encoded(child.id).slice(0, 12)), /\(must be forced\) - image is referenced in multiple repositories/);
    e.usage.set(child.id, { running: ['abcdef1234567890'], stopped: [] });
    await assert.rejects(e.service.remove(child.id, { force: true }), /\(cannot be forced\) - image is being used by running container abcdef123456/);
    e.usage.delete(child.id);

    await e.snapshots.remove('ctr1');
    const removed = await e.service.remove(child.id, { force: true });
    const topChain = chainIds(ci.RootFS.Layers as Digest[]).at(-1);
    assert.deepEqual(removed.slice(0, 3), [{ Untagged: 'another/repo:1' }, { Untagged: 'test/committed:2' }, { Deleted: child.id }]);
    assert.equal(removed.length, 3, 'the committed layer stays while container ctr2 sits on it');
    assert.equal((await e.snapshots.stat(topChain as string)).kind, 'committed', 'the layer snapshot is still there');
    await e.snapshots.remove('ctr2');
    await assert.rejects(e.images.resolve(child.id), isNotFound);
    assert.deepEqual(await e.images.gcLayers(), [topChain], 'once the container is gone its layer can go');
    await e.snapshots.prepare('ctr3', await e.images.rootfsParent(base));
    await e.snapshots.prepare('ctr4', await e.images.rootfsParent(base));
    await e.snapshots.remove('ctr4');

    assert.deepEqual(await e.service.remove('test/one:v1'), [{ Untagged: 'test/one:v1' }, { Deleted: ids[1] }]);
    const last = await e.service.remove('test/layers:v1');
    assert.deepEqual(last.slice(0, 2), [{ Untagged: 'test/layers:v1' }, { Deleted: base.id }]);
    assert.equal(last.length, 2, 'the layers stay under container ctr3');
    await e.snapshots.remove('ctr3');
    assert.equal((await e.images.gcLayers()).length, 2);
    assert.deepEqual(await e.snapshots.list(), []);
  }));

test('save then load into another store gives the same image', () =>
  withScratch(async (s) => {
    const a = await s.open('a');
    const { tar } = await legacyArchive([{ tags: ['test/layers:v1', 'test/layers:v2'], layers: [LAYER1, LAYER2] }]);
    await a.images.load(tar);
    const rec = await a.images.resolve('test/layers:v1');
    const archive = await bufferOf(await a.images.save(['test/layers']));

    const files = await readTar(Readable.from([archive]));
    const byName = new Map(files.map((f) => [f.header.name, f.body]));
    for (const name of ['blobs/', 'blobs/sha256/', 'index.json', 'manifest.json', 'oci-layout', 'repositories', `blobs/sha256/${encoded(rec.id)}`]) assert.ok(byName.has(name), name);
    const manifest = JSON.parse(String(byName.get('manifest.json')));
    assert.deepEqual(manifest[0].RepoTags, ['test/layers:v1', 'test/layers:v2']);
    assert.equal(manifest[0].Config, `blobs/sha256/${encoded(rec.id)}`);
    const diffIds = (await a.service.inspect(rec.id)).RootFS.Layers;
    assert.deepEqual(manifest[0].Layers, diffIds.map((d) => `blobs/sha256/${encoded(d as Digest)}`));
    for (const [i, d] of diffIds.entries()) assert.equal(sha256(byName.get(manifest[0].Layers[i]) as Buffer), d, 'layers are the uncompressed diffs');
    const index = JSON.parse(String(byName.get('index.json')));
    assert.deepEqual(index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations['io.containerd.image.name']), ['docker.io/test/layers:v1', 'docker.io/test/layers:v2']);

    const b = await s.open('b');
    const lines = await b.images.load(Readable.from([archive]));
    assert.deepEqual(lines.sort(), ['Loaded image: test/layers:v1', 'Loaded image: test/layers:v2']);
    const loaded = await b.images.resolve('test/layers:v2');
    assert.equal(loaded.id, rec.id);
    await b.snapshots.view('v', await b.images.rootfsParent(loaded));
    const root = await s.mount(b, 'v');
    assert.deepEqual((await readdir(root)).sort(), ['data', 'etc']);
    assert.equal(existsSync(join(root, 'etc/b')), false);

    const d = await s.open('d');
    const ociOnly = tarOf(files.filter((f) => f.header.name !== 'manifest.json').map((f) => ({ name: f.header.name, type: f.header.type, body: f.header.type === 'file' ? f.body : undefined })));
    assert.deepEqual((await d.images.load(ociOnly)).sort(), ['Loaded image: test/layers:v1', 'Loaded image: test/layers:v2']);
    assert.equal((await d.images.resolve('test/layers:v1')).id, rec.id, 'the OCI layout alone is enough');

    const c = await s.open('c');
    const byId = await bufferOf(await a.images.save([rec.id]));
    assert.deepEqual(await c.images.load(Readable.from([byId])), [`Loaded image ID: ${rec.id}`]);
    assert.deepEqual((await c.service.inspect(rec.id)).RepoTags, []);
  }));

test('prune removes dangling images only, unless told otherwise', () =>
  withScratch(async (s) => {
    const e = await s.open('a');
    const { tar, ids } = await legacyArchive([
      { tags: [], layers: [LAYER1] },
      { tags: ['keep:1'], layers: [LAYER2] },
    ]);
    await e.images.load(tar);
    const res = await e.service.prune();
    assert.deepEqual(res.ImagesDeleted?.slice(0, 1), [{ Deleted: ids[0] }]);
    assert.ok(res.SpaceReclaimed > 0);
    assert.equal((await e.service.list()).length, 1);
    e.usage.set(ids[1], { running: [], stopped: ['c1'] });
    assert.equal((await e.service.prune({ dangling: ['false'] })).ImagesDeleted, null, 'an image a container uses is kept');
    e.usage.clear();
    const all = await e.service.prune({ dangling: ['false'] });
    assert.deepEqual(all.ImagesDeleted?.slice(0, 2), [{ Untagged: 'keep:1' }, { Deleted: ids[1] }]);
    assert.deepEqual(await e.snapshots.list(), []);
  }));

test('concurrent loads and tags share unpacks and keep the index whole', () =>
  withScratch(async (s) => {
    const e: Engine = await s.open('a');
    const archives = await Promise.all([1, 2, 3].map(() => legacyArchive([{ tags: ['same:1'], layers: [LAYER1, LAYER2] }])));
    await Promise.all(archives.map((a) => e.images.load(a.tar)));
    assert.equal((await e.snapshots.list()).length, 2);
    await Promise.all(Array.from({ length: 10 }, (_, i) => e.images.tag('same:1', `t/x:${i}`)));
    const reopened = await s.open('a');
    assert.equal((await reopened.images.resolve('same:1')).repoTags.length, 11);
  }));

test('load never reads host files through manifest paths or symlinks', () =>
  withScratch(async (s) => {
    const e = await s.open('a');
    const hostile = tarOf([
      { name: 'escape', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'escape', RepoTags: ['x:1'], Layers: ['../../../../etc/hostname'] }]) },
    ]);
    await assert.rejects(e.images.load(hostile), (err: unknown) => isInvalidArgument(err) && /invalid archive: escape is missing/.test((err as Error).message));
    assert.deepEqual(await e.content.list(), []);
  }));

test('layers extracted side by side land in chain order; a killed extraction leaves nothing behind', () =>
  withScratch(async (s) => {
    const e = await s.open('a');
    const layers = [LAYER1, LAYER2, [{ name: 'etc/', type: 'directory' }, { name: 'etc/c', body: 'c3' }], [{ name: 'top', body: 't' }]] as TestEntry[][];
    const { tar } = await legacyArchive([{ tags: ['test/four:v1'], layers }]);
    await e.images.load(tar);
    const top = await e.images.rootfsParent(await e.images.resolve('test/four:v1'));
    assert.ok(top);
    await e.snapshots.prepare('c4', top);
    const root = await s.mount(e, 'c4');
    // Whiteouts of layer 2 still hide layer 1's files, so each layer sits on its parent.
    assert.deepEqual((await readdir(join(root, 'etc'))).sort(), ['a', 'c']);
    assert.deepEqual(await readdir(join(root, 'data')), ['new']);
    assert.equal(await readFile(join(root, 'top'), 'utf8'), 't');
    await s.unmount(root);
    // A staged layer's root becomes the committed layer's directory: as open as the snapshotter's own.
    const layerDir = (await e.snapshots.dirs(top)).upper as string;
    assert.equal((await stat(layerDir)).mode & 0o777, 0o755);

    const staging = join(s.dir, 'a', 'images', 'staging', 'layer-killed');
    await mkdir(staging, { recursive: true });
    await s.open('a');
    assert.equal(existsSync(staging), false);
  }));
