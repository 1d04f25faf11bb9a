import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConflict, isInvalidArgument, isNotFound } from '../../src/errdefs/index.js';
import { withEngine } from '../../src/engine/testing/test-engine.js';

test('list filters, rename, update, stats, info, df, prune and image usage', () =>
  withEngine(async ({ engine }) => {
    const ok = await engine.containers.create('ok', { Image: 'busybox', Cmd: ['true'], Labels: { tier: 'back' } });
    const bad = await engine.containers.create('bad', { Image: 'busybox', Cmd: ['false'] });
    const up = await engine.containers.create('up', { Image: 'busybox', Cmd: ['sleep', '100'], Labels: { tier: 'front' } });
    const fresh = await engine.containers.create('fresh', { Image: 'busybox', Cmd: ['true'] });
    for (const id of [ok.Id, bad.Id]) {
      const { result } = await engine.containers.wait(id, 'next-exit');
      await engine.containers.start(id);
      await result;
    }
    await engine.containers.start(up.Id);

    const names = async (opts: Parameters<typeof engine.containers.list>[0]): Promise<string[]> => (await engine.containers.list(opts)).map((c) => c.Names[0] ?? '');
    assert.deepEqual(await names({}), ['/up']);
    assert.deepEqual(await names({ all: true }), ['/fresh', '/up', '/bad', '/ok']);
    assert.deepEqual(await names({ filters: { status: ['exited'] } }), ['/bad', '/ok']);
    assert.deepEqual(await names({ filters: { exited: ['1'] } , all: true }), ['/bad']);
    assert.deepEqual(await names({ all: true, filters: { label: ['tier'] } }), ['/up', '/ok']);
    assert.deepEqual(await names({ all: true, filters: { label: ['tier=front'] } }), ['/up']);
    assert.deepEqual(await names({ all: true, filters: { name: ['^/?b'] } }), ['/bad']);
    assert.deepEqual(await names({ all: true, filters: { id: [ok.Id.slice(0, 8)] } }), ['/ok']);
    assert.deepEqual(await names({ all: true, filters: { before: ['up'] } }), ['/bad', '/ok']);
    assert.deepEqual(await names({ all: true, filters: { since: ['bad'] } }), ['/fresh', '/up']);
    assert.deepEqual(await names({ limit: 2 }), ['/fresh', '/up']);
    assert.deepEqual(await names({ all: true, filters: { status: ['created'] } }), ['/fresh']);
    await assert.rejects(engine.containers.list({ filters: { bogus: ['1'] } }), (err: unknown) => isInvalidArgument(err) && (err as Error).message === "invalid filter 'bogus'");
    await assert.rejects(engine.containers.list({ filters: { status: ['sleeping'] } }), (err: unknown) => isInvalidArgument(err) && /^invalid filter 'status=sleeping'/.test((err as Error).message));

    await engine.containers.rename('fresh', 'renamed');
    assert.equal((await engine.containers.inspect(fresh.Id)).Name, '/renamed');
    await assert.rejects(engine.containers.rename('renamed', 'up'), isConflict);
    await assert.rejects(engine.containers.inspect('fresh'), isNotFound);

    await engine.containers.update('up', { Memory: 64 * 1024 * 1024, RestartPolicy: { Name: 'unless-stopped' } });
    const updated = await engine.containers.inspect('up');
    assert.equal(updated.HostConfig.Memory, 64 * 1024 * 1024);
    assert.equal(updated.HostConfig.RestartPolicy?.Name, 'unless-stopped');
    let sample;
    for await (const s of engine.containers.stats('up', { stream: false, oneShot: true })) sample = s;
    assert.equal(sample?.memory_stats.limit, 64 * 1024 * 1024);
    assert.equal(sample?.name, '/up');
    await engine.containers.update('up', { RestartPolicy: { Name: 'no' } });

    const info = await engine.system.info();
    assert.equal(info.Containers, 4);
    assert.equal(info.ContainersRunning, 1);
    assert.equal(info.ContainersStopped, 3);
    assert.equal(info.Images, 1);
    assert.equal(engine.system.version().ApiVersion, '1.47');
    const df = (await engine.system.df()) as { Images: Array<{ Containers: number }>; Containers: Array<{ SizeRw?: number }>; LayersSize: number };
    assert.equal(df.Images[0]?.Containers, 4);
    assert.equal(df.Containers.length, 4);
    assert.ok(df.LayersSize > 1_000_000);

    await assert.rejects(engine.images.remove('busybox', { force: false, noprune: false }), isConflict);
    const pruned = await engine.containers.prune({ label: ['tier'] });
    assert.deepEqual(pruned.ContainersDeleted, [ok.Id]);
    const all = await engine.containers.prune({});
    assert.deepEqual(all.ContainersDeleted?.sort(), [bad.Id, fresh.Id].sort());
    assert.deepEqual(await names({ all: true }), ['/up']);
  }));
