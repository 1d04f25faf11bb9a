import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { decodeFilters, FilterArgs, parseTimestamp, referenceMatches } from './index.js';

test('Docker filter semantics', () => {
  const f = new FilterArgs({ name: ['^we', 'db'], label: ['a', 'b=2'], id: ['abc'], flag: ['true'] });
  assert.ok(f.match('name', 'web'));
  assert.ok(!f.match('name', 'cache'));
  assert.ok(f.exactMatch('status', 'anything'));
  assert.ok(f.fuzzyMatch('id', 'abcdef'));
  assert.ok(f.matchKVList('label', { a: 'x', b: '2' }));
  assert.ok(!f.matchKVList('label', { a: 'x', b: '3' }));
  assert.equal(f.getBool('flag', false), true);
  assert.throws(() => new FilterArgs({ flag: ['maybe'] }).getBool('flag', false), (err: unknown) => isInvalidArgument(err) && (err as Error).message === "invalid filter 'flag=[maybe]'");
  assert.throws(() => f.validate(['name']), (err: unknown) => isInvalidArgument(err) && (err as Error).message === "invalid filter 'label'");
});

test('filters: Go path.Match globs and Docker timestamps', () => {
  assert.ok(referenceMatches(['busy*'], 'docker.io/library/busybox:latest'));
  assert.ok(!referenceMatches(['*'], 'docker.io/user/app:latest'));
  assert.ok(referenceMatches(['user/*'], 'docker.io/user/app:latest'));
  assert.ok(referenceMatches(['a?c:[0-9]*'], 'docker.io/library/abc:1.2'));
  assert.throws(() => referenceMatches(['a[', 'b'], 'docker.io/library/abc:1.2'), (e: unknown) => isInvalidArgument(e) && (e as Error).message === 'syntax error in pattern');
  assert.equal(parseTimestamp('1700000000'), 1_700_000_000_000);
  assert.equal(parseTimestamp('2024-01-02T03:04:05Z'), Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(parseTimestamp('1h30m', 10_000_000), 10_000_000 - 5_400_000);
  assert.throws(() => parseTimestamp('yesterday'), isInvalidArgument);
});

test('filters JSON in the modern and the legacy shape', () => {
  assert.deepEqual(decodeFilters('{"label":{"a=1":true,"b":true},"dangling":{"true":true}}'), { label: ['a=1', 'b'], dangling: ['true'] });
  assert.deepEqual(decodeFilters('{"label":["a=1","a=1","b"]}'), { label: ['a=1', 'b'] });
  assert.deepEqual(decodeFilters(''), {});
  assert.deepEqual(decodeFilters('null'), {});
  for (const bad of ['{', '[]', '"x"', '{"a":"b"}', '{"a":{"b":1}}', '{"a":[1]}']) {
    assert.throws(() => decodeFilters(bad), (err: unknown) => isInvalidArgument(err) && (err as Error).message === 'invalid filter', bad);
  }
});

test('label and label! together; until as a timestamp or a duration', () => {
  const f = new FilterArgs({ label: ['keep', 'tier=web'], 'label!': ['temp', 'env=dev'] });
  assert.ok(f.matchLabels({ keep: '', tier: 'web', env: 'prod' }));
  assert.ok(!f.matchLabels({ keep: '', tier: 'web', temp: '1' }));
  assert.ok(!f.matchLabels({ keep: '', tier: 'web', env: 'dev' }));
  assert.ok(!f.matchLabels({ tier: 'web' }));
  assert.ok(!f.matchLabels(null));
  assert.ok(new FilterArgs({ 'label!': ['x'] }).matchLabels(null));
  assert.ok(!new FilterArgs({ label: ['constructor'] }).matchLabels({}), 'only own keys are labels');

  const now = Date.UTC(2024, 0, 2);
  const hourAgo = now - 3_600_000;
  const dayOld = new FilterArgs({ until: ['24h'] }).until(now);
  assert.ok(dayOld(now - 25 * 3_600_000));
  assert.ok(!dayOld(hourAgo));
  assert.ok(new FilterArgs({ until: ['30m'] }).until(now)(hourAgo));
  assert.ok(!new FilterArgs({ until: ['1h30m'] }).until(now)(hourAgo));
  assert.ok(new FilterArgs({ until: [String(now / 1000)] }).until(now)(hourAgo));
  assert.ok(new FilterArgs({ until: ['1704153600.5'] }).until(now)(now), 'unix seconds with a fraction');
  assert.ok(new FilterArgs({ until: ['2024-01-02T00:00:00Z'] }).until(now)(hourAgo));
  assert.ok(new FilterArgs({}).until(now)(now), 'no until keeps everything');
  assert.throws(() => new FilterArgs({ until: ['soon'] }).until(now), (err: unknown) => isInvalidArgument(err) && /failed to parse value as time or duration: "soon"/.test((err as Error).message));
});
