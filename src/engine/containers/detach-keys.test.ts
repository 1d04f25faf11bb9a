import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { DetachScanner, parseDetachKeys } from './detach-keys.js';

test('detach keys parse as Docker spells them', () => {
  assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [16, 17]);
  assert.deepEqual([...parseDetachKeys('a,ctrl-@,ctrl-[,DEL')], [97, 0, 27, 127]);
  assert.throws(() => parseDetachKeys('ctrl-'), (err: unknown) => isInvalidArgument(err) && (err as Error).message === 'Invalid detach keys (ctrl-) provided');
  assert.throws(() => parseDetachKeys('shift-a'), isInvalidArgument);
});

test('the scanner holds back a possible sequence and releases it when it is not one', () => {
  const s = new DetachScanner(parseDetachKeys('ctrl-p,ctrl-q'));
  assert.deepEqual(s.feed(Buffer.from('ab\x10')), { data: Buffer.from('ab'), detached: false });
  assert.deepEqual(s.feed(Buffer.from('c')), { data: Buffer.from('\x10c'), detached: false });
  assert.deepEqual(s.feed(Buffer.from('x\x10')), { data: Buffer.from('x'), detached: false });
  assert.deepEqual(s.feed(Buffer.from('\x11rest')), { data: Buffer.alloc(0), detached: true });
  const repeated = new DetachScanner(parseDetachKeys('ctrl-p,ctrl-q'));
  assert.deepEqual(repeated.feed(Buffer.from('\x10\x10\x11')), { data: Buffer.from('\x10'), detached: true });
  const disabled = new DetachScanner(Buffer.alloc(0));
  assert.deepEqual(disabled.feed(Buffer.from('\x10\x11')), { data: Buffer.from('\x10\x11'), detached: false });
});
