import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitsGoInt } from './go-types.js';

test('int64 takes every integer literal in range and nothing past it', () => {
  assert.equal(fitsGoInt('int64', 0), true);
  assert.equal(fitsGoInt('int64', -1), true);
  assert.equal(fitsGoInt('int64', 9223372036854775807, '9223372036854775807'), true);
  assert.equal(fitsGoInt('int64', 9223372036854775808, '9223372036854775808'), false);
  assert.equal(fitsGoInt('int64', -9223372036854775808, '-9223372036854775808'), true);
  assert.equal(fitsGoInt('int64', -9223372036854775809, '-9223372036854775809'), false);
  assert.equal(fitsGoInt('int64', 2 ** 70, '1180591620717411303424'), false);
  assert.equal(fitsGoInt('int64', 1e300, '1e300'), false);
});

test('a fraction or an exponent never decodes into an integer, even when whole', () => {
  assert.equal(fitsGoInt('int64', 1.5, '1.5'), false);
  assert.equal(fitsGoInt('int64', 1, '1.0'), false);
  assert.equal(fitsGoInt('int64', 1000, '1e3'), false);
  assert.equal(fitsGoInt('int', 1.5), false);
});

test('unsigned and narrow types have their own bounds', () => {
  assert.equal(fitsGoInt('uint16', 65535), true);
  assert.equal(fitsGoInt('uint16', 65536), false);
  assert.equal(fitsGoInt('uint16', -1), false);
  assert.equal(fitsGoInt('uint64', -1), false);
  assert.equal(fitsGoInt('uint64', 18446744073709551615, '18446744073709551615'), true);
  assert.equal(fitsGoInt('uint32', 4294967296), false);
  assert.equal(fitsGoInt('time.Duration', 1e300, '1e300'), false);
});
