import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKind } from '../errdefs/index.js';
import { API_VERSION, MIN_API_VERSION, negotiateVersion } from './version.js';

test('no version means the current one; the bounds are inclusive', () => {
  assert.equal(negotiateVersion(undefined), API_VERSION);
  assert.equal(negotiateVersion(MIN_API_VERSION), MIN_API_VERSION);
  assert.equal(negotiateVersion('1.43'), '1.43');
  assert.equal(negotiateVersion(API_VERSION), API_VERSION);
});

test('versions out of range are invalid arguments with Docker messages', () => {
  assert.throws(
    () => negotiateVersion('1.12'),
    (err) =>
      isKind(err, 'invalid-argument') &&
      (err as Error).message === 'client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version',
  );
  assert.throws(
    () => negotiateVersion('1.99'),
    (err) => isKind(err, 'invalid-argument') && (err as Error).message === 'client version 1.99 is too new. Maximum supported API version is 1.47',
  );
});
