import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isConflict, isInvalidArgument, isNotFound } from '../../errdefs/index.js';
import { Pod, PodStore, type PodRecord } from './store.js';

function record(id: string, name: string): PodRecord {
  return { Id: id, Name: name, Created: new Date().toISOString(), Labels: {}, Hostname: name, Network: 'bridge', PortBindings: {}, Share: ['net', 'ipc', 'uts'], ExtraHosts: [], Dns: [], InfraContainerId: 'f'.repeat(64) };
}

async function withStore(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-pods-'));
  try {
    await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const A = 'a1'.padEnd(64, '0');
const B = 'a2'.padEnd(64, '0');

test('pods are found by id, name and unique prefix, and survive a reload; a removed one is gone from disk', () =>
  withStore(async (root) => {
    const store = new PodStore(root);
    await store.load();
    await store.add(new Pod(record(A, 'web')));
    await store.add(new Pod(record(B, 'db')));
    assert.equal(store.get('web').id, A);
    assert.equal(store.get(A).name, 'web');
    assert.equal(store.get('a2').name, 'db');
    assert.ok(isInvalidArgument(catchErr(() => store.get('a'))), 'an ambiguous prefix');
    assert.equal(store.find('a'), undefined);
    const missing = catchErr(() => store.get('nope'));
    assert.ok(isNotFound(missing));
    assert.equal((missing as Error).message, 'No such pod: nope');

    const reloaded = new PodStore(root);
    assert.deepEqual((await reloaded.load()).map((p) => p.name).sort(), ['db', 'web']);
    await reloaded.delete(reloaded.get('web'));
    assert.deepEqual(await readdir(root), [`${B}.json`]);
    assert.equal(reloaded.find('web'), undefined);
  }));

test('a reserved name conflicts until it is released; generated names avoid taken ones', () =>
  withStore(async (root) => {
    const store = new PodStore(root);
    await store.load();
    store.reserve('web', A);
    const err = catchErr(() => store.reserve('web', B));
    assert.ok(isConflict(err));
    assert.match((err as Error).message, /^Conflict\. The pod name "web" is already in use by pod "a1/);
    store.release('web', A);
    store.reserve('web', B);
    assert.notEqual(store.generateName(), 'web');
  }));

function catchErr(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
