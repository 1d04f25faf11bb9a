import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as errdefs from '../errdefs/index.js';
import { publicMessage, statusFromError, wrapError } from './errors.js';

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

test('no host path reaches a client: raw system errors and 500s quoting their cause are scrubbed', async () => {
  const { mkdir } = await import('node:fs/promises');
  const long = `/tmp/wharf-errors-test/${'a'.repeat(300)}`;
  const raw: unknown = await mkdir(long, { recursive: true }).catch((e: unknown) => e);
  assert.equal(publicMessage(raw), 'internal error: mkdir: ENAMETOOLONG');
  const wrapped = wrapError(raw, 'create volume');
  assert.equal(statusFromError(wrapped), 500);
  assert.ok(!publicMessage(wrapped).includes('/tmp/'), publicMessage(wrapped));
  assert.equal(publicMessage(new Error("open /var/lib/wharf/x: boom")), 'internal error');
  assert.equal(publicMessage(new Error('runc exited')), 'runc exited');
  const userPath = errdefs.invalidArgument('bind source path does not exist: /srv/data', Object.assign(new Error('ENOENT'), { path: '/srv/data' }));
  assert.equal(publicMessage(userPath), 'bind source path does not exist: /srv/data');
});
