import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderedOutput } from './ordered-output.js';

test('later stages are held until the earlier ones finish, then flushed in order', () => {
  const seen: string[] = [];
  const out = new OrderedOutput(3, (t) => seen.push(t));
  const [a, b, c] = [out.writer(0), out.writer(1), out.writer(2)];
  c('c1');
  b('b1');
  a('a1');
  assert.deepEqual(seen, ['a1']);
  out.finish(2);
  assert.deepEqual(seen, ['a1']);
  out.finish(0);
  assert.deepEqual(seen, ['a1', 'b1']);
  b('b2');
  out.finish(1);
  assert.deepEqual(seen, ['a1', 'b1', 'b2', 'c1']);
  a('late');
  assert.deepEqual(seen.at(-1), 'late');
});
