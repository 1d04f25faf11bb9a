import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Handler } from './exchange.js';
import { Router, route, splitVersion } from './router.js';
import { apiRoutes } from './routes.js';

const h = (): Handler => async () => undefined;

test('the version prefix is split off; paths without one are left alone', () => {
  assert.deepEqual(splitVersion('/v1.47/containers/json'), { version: '1.47', path: '/containers/json' });
  assert.deepEqual(splitVersion('/v1/_ping'), { version: '1', path: '/_ping' });
  assert.deepEqual(splitVersion('/containers/json'), { path: '/containers/json' });
  assert.deepEqual(splitVersion('/version'), { path: '/version' });
  assert.deepEqual(splitVersion('/v1.47'), { path: '/v1.47' });
});

test('parameters match greedily, slashes and colons included', () => {
  const inspect = h();
  const router = new Router([route('GET', '/images/{name}/json', inspect)]);
  assert.deepEqual(router.match('GET', '/images/localhost:5000/a/b:tag/json')?.params, { name: 'localhost:5000/a/b:tag' });
  assert.equal(router.match('GET', '/images/busybox/json')?.handler, inspect);
  assert.equal(router.match('GET', '/images/busybox/json/extra'), undefined);
});

test('a wrong method is no match', () => {
  const router = new Router([route('GET', '/info', h())]);
  assert.ok(router.match('GET', '/info'));
  assert.equal(router.match('POST', '/info'), undefined);
  assert.equal(router.match('HEAD', '/info'), undefined);
});

test('routes are tried in order', () => {
  const first = h();
  const second = h();
  const router = new Router([route('GET', '/images/get', first), route('GET', '/images/{name}', second)]);
  assert.equal(router.match('GET', '/images/get')?.handler, first);
  assert.equal(router.match('GET', '/images/other')?.handler, second);
});

test('the API table: fixed image routes win, names keep slashes, container names keep their leading slash', () => {
  const router = new Router(apiRoutes);
  const fixed = router.match('GET', '/images/json');
  assert.ok(fixed);
  assert.deepEqual(fixed.params, {});
  assert.deepEqual(router.match('GET', '/images/get')?.params, {});
  assert.deepEqual(router.match('GET', '/images/a/b:1/get')?.params, { name: 'a/b:1' });
  assert.deepEqual(router.match('DELETE', '/images/localhost:5000/a/b:tag')?.params, { name: 'localhost:5000/a/b:tag' });
  assert.deepEqual(router.match('POST', '/images/a/b/tag')?.params, { name: 'a/b' });
  assert.deepEqual(router.match('GET', '/containers//web/json')?.params, { name: '/web' });
  assert.deepEqual(router.match('GET', '/containers/json')?.params, {});
  assert.deepEqual(router.match('POST', '/exec/abc/start')?.params, { id: 'abc' });
  assert.equal(router.match('PATCH', '/containers/x/json'), undefined);
  for (const method of ['GET', 'HEAD', 'PUT']) assert.ok(router.match(method, '/containers/x/archive'), method);
});
