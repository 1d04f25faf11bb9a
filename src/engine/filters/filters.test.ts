import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { FilterArgs, parseTimestamp, referenceMatches } from './index.js';

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
