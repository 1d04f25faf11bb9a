import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceConfig } from '../types.js';
import { checkCycles, inDependencyOrder, withDependencies } from './graph.js';

const svc = (name: string, deps: string[] = [], extra: Partial<ServiceConfig> = {}): ServiceConfig => ({
  name,
  image: 'busybox',
  depends_on: Object.fromEntries(deps.map((d) => [d, { condition: 'service_started' as const, required: true }])),
  ...extra,
});

const services = { web: svc('web', ['app']), app: svc('app', ['db', 'cache']), db: svc('db'), cache: svc('cache'), tool: svc('tool', [], { network_mode: 'service:db' }) };

test('a service starts once what it depends on is done; independent ones run side by side', async () => {
  const log: string[] = [];
  let running = 0;
  let overlap = false;
  await inDependencyOrder(services, Object.keys(services), async (n) => {
    running++;
    if (running > 1) overlap = true;
    log.push(`start ${n}`);
    await new Promise((r) => setTimeout(r, 5));
    log.push(`end ${n}`);
    running--;
  });
  const at = (e: string) => log.indexOf(e);
  assert.ok(at('end db') < at('start app') && at('end cache') < at('start app') && at('end app') < at('start web'));
  assert.ok(at('end db') < at('start tool'), 'network_mode: service:db is a dependency');
  assert.ok(overlap, 'db and cache run in parallel');
});

test('reverse order: dependents first (down, stop)', async () => {
  const log: string[] = [];
  await inDependencyOrder(services, ['web', 'app', 'db'], async (n) => void log.push(n), { reverse: true });
  assert.deepEqual(log, ['web', 'app', 'db']);
});

test('a cycle is named', () => {
  assert.throws(() => checkCycles({ a: svc('a', ['b']), b: svc('b', ['c']), c: svc('c', ['a']) }), { message: 'dependency cycle detected: a -> b -> c -> a' });
});

test('dependencies, transitively', () => {
  assert.deepEqual(withDependencies(services, ['web']).sort(), ['app', 'cache', 'db', 'web']);
});
