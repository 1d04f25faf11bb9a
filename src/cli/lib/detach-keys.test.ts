import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EscapeDetector, parseDetachKeys } from './detach-keys.js';

test('detach key strings', () => {
  assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [16, 17]);
  assert.deepEqual([...parseDetachKeys('a,ctrl-@,ctrl-\\,DEL')], [97, 0, 28, 127]);
  assert.throws(() => parseDetachKeys('ctrl-1'), /invalid detach keys \(ctrl-1\): Unknown character: 'ctrl-1'/);
});

test('the sequence detaches, even split across reads; input before it is forwarded', () => {
  const d = new EscapeDetector(Buffer.from([16, 17]));
  assert.deepEqual(d.push(Buffer.from('ab\x10')), { forward: Buffer.from('ab'), detached: false });
  assert.deepEqual(d.push(Buffer.from('\x11after')), { forward: Buffer.alloc(0), detached: true });
});

test('a partial match that does not complete is released', () => {
  const d = new EscapeDetector(Buffer.from([16, 17]));
  assert.deepEqual(d.push(Buffer.from('\x10x')), { forward: Buffer.from('\x10x'), detached: false });
  assert.deepEqual(d.push(Buffer.from('\x10\x10\x11')), { forward: Buffer.from('\x10'), detached: true });
});
