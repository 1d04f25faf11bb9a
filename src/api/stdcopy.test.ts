import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STDERR, STDOUT, frame, streamId } from './stdcopy.js';

test('a frame is the stream byte, three zeros, a big-endian length, then the payload', () => {
  const out = frame(STDOUT, Buffer.from('hello'));
  assert.deepEqual([...out.subarray(0, 8)], [1, 0, 0, 0, 0, 0, 0, 5]);
  assert.equal(out.subarray(8).toString(), 'hello');
});

test('lengths above 255 use every length byte', () => {
  const payload = Buffer.alloc(0x010203, 0x61);
  const out = frame(STDERR, payload);
  assert.deepEqual([...out.subarray(0, 8)], [2, 0, 0, 0, 0, 0x01, 0x02, 0x03]);
  assert.equal(out.length, 8 + payload.length);
  assert.ok(out.subarray(8).equals(payload));
});

test('empty payloads still make a well-formed frame', () => {
  assert.deepEqual([...frame(STDOUT, Buffer.alloc(0))], [1, 0, 0, 0, 0, 0, 0, 0]);
});

test('stream names map to stdcopy ids', () => {
  assert.equal(streamId('stdout'), 1);
  assert.equal(streamId('stderr'), 2);
});
