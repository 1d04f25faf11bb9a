import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize } from '../../util/units.js';
import { Progress, progressBar, toJsonMessage } from './progress.js';
import type { ProgressEvent } from './types.js';

test("sizes and bars as moby renders them", () => {
  assert.equal(humanSize(512), '512B');
  assert.equal(humanSize(1000), '1kB');
  assert.equal(humanSize(2_228_756), '2.229MB');
  assert.equal(progressBar(0, 0), '');
  assert.equal(progressBar(1_100_000, 2_200_000), `[${'='.repeat(25)}>${' '.repeat(25)}]    1.1MB/2.2MB`);
  assert.equal(progressBar(5, 3), `[${'='.repeat(50)}>] ${'5B'.padStart(8)}`, 'a current beyond the total drops the total');
});

test('events become JSON messages: updates carry progressDetail, plain messages do not', () => {
  const events: ProgressEvent[] = [];
  const p = new Progress((e) => events.push(e));
  p.message('Pulling from library/busybox', 'latest');
  p.update('abc', 'Pulling fs layer');
  const count = p.counter('abc', 'Downloading', 10);
  count(3);
  count(4);
  count(10);
  p.message('Digest: sha256:x');
  p.aux({ Tag: 'v1' });
  const json = events.map(toJsonMessage);
  assert.deepEqual(json[0], { status: 'Pulling from library/busybox', id: 'latest' });
  assert.deepEqual(json[1], { status: 'Pulling fs layer', progressDetail: {}, id: 'abc' });
  assert.deepEqual(json.filter((m) => m.status === 'Downloading').at(-1), { status: 'Downloading', progressDetail: { current: 10, total: 10 }, progress: `[${'='.repeat(50)}>] ${'10B'.padStart(8)}/10B`, id: 'abc' });
  assert.deepEqual(json.at(-2), { status: 'Digest: sha256:x' });
  assert.deepEqual(json.at(-1), { progressDetail: {}, aux: { Tag: 'v1' } });
});
