import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventMessage } from '../../apitypes/system.js';
import { isInvalidArgument } from '../../errdefs/index.js';
import { EventBus } from './bus.js';
import { stripTag } from './filter.js';

async function drain(it: AsyncIterable<EventMessage>): Promise<string[]> {
  const out: string[] = [];
  for await (const ev of it) out.push(`${ev.Actor.ID}:${ev.Action}`);
  return out;
}

test('replay from since, bounded by until, with Docker filters', async () => {
  const bus = new EventBus(3);
  const start = Date.now() / 1000 - 1;
  bus.publish('container', 'create', { ID: 'aaa', Attributes: { name: 'web', image: 'docker.io/library/busybox:latest', tier: 'front' } });
  bus.publish('container', 'exec_start: sh -c true', { ID: 'aaa', Attributes: { name: 'web', image: 'busybox' } });
  bus.publish('image', 'tag', { ID: 'sha256:1', Attributes: { name: 'busybox:latest' } });
  bus.publish('container', 'die', { ID: 'bbb', Attributes: { name: 'db', image: 'redis' } });
  const until = Date.now() / 1000 + 0.001;
  // The ring keeps the last 3.
  assert.deepEqual(await drain(bus.subscribe({ since: start, until })), ['aaa:exec_start: sh -c true', 'sha256:1:tag', 'bbb:die']);
  assert.deepEqual(await drain(bus.subscribe({ since: start, until, filters: { event: ['exec_start'] } })), ['aaa:exec_start: sh -c true']);
  assert.deepEqual(await drain(bus.subscribe({ since: start, until, filters: { container: ['d'] } })), ['bbb:die']);
  assert.deepEqual(await drain(bus.subscribe({ since: start, until, filters: { image: ['busybox'] } })), ['aaa:exec_start: sh -c true', 'sha256:1:tag']);
  assert.deepEqual(await drain(bus.subscribe({ since: start, until, filters: { type: ['image'] } })), ['sha256:1:tag']);
  assert.throws(() => bus.subscribe({ filters: { colour: ['red'] } }), (err: unknown) => isInvalidArgument(err) && (err as Error).message === "invalid filter 'colour'");
  const ev = bus.publish('container', 'start', { ID: 'ccc', Attributes: { image: 'x' } });
  assert.equal(ev.status, 'start');
  assert.equal(ev.from, 'x');
  assert.equal(stripTag('docker.io/library/busybox:1.36'), 'busybox');
  assert.equal(stripTag('localhost:5000/app@sha256:abc'), 'localhost:5000/app');
});

test('live subscribers get events until aborted', async () => {
  const bus = new EventBus();
  const abort = new AbortController();
  const seen = drain(bus.subscribe({ signal: abort.signal, filters: { label: ['tier=front'] } }));
  bus.publish('container', 'start', { ID: 'a', Attributes: { tier: 'front' } });
  bus.publish('container', 'start', { ID: 'b', Attributes: { tier: 'back' } });
  abort.abort();
  assert.deepEqual(await seen, ['a:start']);
});
