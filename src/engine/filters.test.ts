import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../errdefs/index.js';
import { FilterArgs } from './filters.js';

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
