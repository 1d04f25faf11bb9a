import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConflict, isInvalidArgument, isNotFound } from '../errdefs/index.js';
import { LocalVolumeStore } from './store.js';

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'volumes-'));
  try {
    await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('create is idempotent, names and options are checked, populate fills once, records persist across reopen', () =>
  withRoot(async (root) => {
    const store = await LocalVolumeStore.open(root);
    const first = await store.create({ name: 'data', labels: { a: 'b' } });
    assert.equal(first.created, true);
    assert.equal(first.volume.mountpoint, join(root, 'data', '_data'));
    assert.equal((await stat(first.volume.mountpoint)).isDirectory(), true);
    assert.equal((await store.create({ name: 'data' })).created, false);
    const anon = await store.create({});
    assert.match(anon.volume.name, /^[0-9a-f]{64}$/);

    await assert.rejects(store.create({ name: 'a/b' }), (e: Error) => isInvalidArgument(e) && /includes invalid characters/.test(e.message));
    await assert.rejects(store.create({ name: 'x' }), isInvalidArgument);
    await assert.rejects(store.create({ name: 'v'.repeat(256) }), (e: Error) => isInvalidArgument(e) && /volume name is too long/.test(e.message) && !e.message.includes(root));
    assert.equal((await store.create({ name: 'v'.repeat(255) })).created, true);
    await store.remove('v'.repeat(255));
    await assert.rejects(store.create({ name: 'opt', options: { foo: 'bar' } }), (e: Error) => e.message === 'create opt: invalid option: "foo"');
    await assert.rejects(store.create({ name: 'opt', options: { type: 'tmpfs' } }), (e: Error) => e.message === 'create opt: missing required option: "device"');
    await assert.rejects(store.create({ name: 'opt', driver: 'nfs' }), isNotFound);

    let fills = 0;
    const fill = async (dir: string): Promise<void> => {
      fills++;
      await writeFile(join(dir, 'f'), 'kept');
    };
    await Promise.all([store.populate('data', fill), store.populate('data', fill)]);
    assert.equal(fills, 1);
    // A directory without a record is an unfinished create or remove: dropped at open.
    await mkdir(join(root, 'half', '_data'), { recursive: true });
    const reopened = await LocalVolumeStore.open(root);
    assert.deepEqual(reopened.list().map((v) => v.name).sort(), [anon.volume.name, 'data'].sort());
    assert.deepEqual(reopened.get('data').labels, { a: 'b' });
    assert.equal(await readFile(join(reopened.get('data').mountpoint, 'f'), 'utf8'), 'kept');
    assert.equal(await reopened.size('data'), 4);
    await assert.rejects(stat(join(root, 'half')), /ENOENT/);
  }));

test('references block removal; force only ignores a missing volume', () =>
  withRoot(async (root) => {
    const store = await LocalVolumeStore.open(root);
    await store.create({ name: 'used', ref: 'c1' });
    store.addRef('used', 'c2');
    await assert.rejects(store.remove('used'), (e: Error) => isConflict(e) && e.message === 'remove used: volume is in use - [c1, c2]');
    await assert.rejects(store.remove('used', { force: true }), isConflict);
    store.removeRef('used', 'c1');
    store.removeRef('used', 'c2');
    assert.deepEqual(store.refs('used'), []);
    await store.remove('used');
    await assert.rejects(stat(join(root, 'used')), /ENOENT/);
    assert.throws(() => store.get('used'), (e: Error) => isNotFound(e) && e.message === 'get used: no such volume');
    await assert.rejects(store.remove('used'), isNotFound);
    await store.remove('used', { force: true });
  }));
