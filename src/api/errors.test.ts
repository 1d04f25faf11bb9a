import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as errdefs from '../errdefs/index.js';
import { statusFromError, wrapError } from './errors.js';

test('each error kind maps to the status moby gives it', () => {
  const cases: Array<[errdefs.WharfError, number]> = [
    [errdefs.invalidArgument('x'), 400],
    [errdefs.unauthorized('x'), 401],
    [errdefs.forbidden('x'), 403],
    [errdefs.notFound('x'), 404],
    [errdefs.conflict('x'), 409],
    [errdefs.notModified('x'), 304],
    [errdefs.failedPrecondition('x'), 412],
    [errdefs.notImplemented('x'), 501],
    [errdefs.unavailable('x'), 503],
    [errdefs.internal('x'), 500],
  ];
  for (const [err, status] of cases) assert.equal(statusFromError(err), status, err.kind);
});

test('errors that are not Wharf errors are 500', () => {
  assert.equal(statusFromError(new Error('boom')), 500);
  assert.equal(statusFromError('a string'), 500);
});

test('wrapping prefixes the message and keeps the kind', () => {
  const wrapped = wrapError(errdefs.conflict('Container abc is not running'), 'cannot kill container: web');
  assert.equal(wrapped.message, 'cannot kill container: web: Container abc is not running');
  assert.equal(statusFromError(wrapped), 409);
  assert.equal(statusFromError(wrapError(new Error('x'), 'p')), 500);
});
