import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkRecord } from '../../network/index.js';
import { listFilter, pruneFilter } from './network-filters.js';

function network(name: string, id: string, fields: Partial<NetworkRecord> = {}): NetworkRecord {
  return { id: id.repeat(64), name, driver: 'bridge', created: '2020-01-01T00:00:00Z', builtin: false, internal: false, attachable: false, labels: {}, options: {}, ipamOptions: null, ...fields };
}

test('list and prune filters', () => {
  const a = network('front', 'a', { labels: { tier: 'web' } });
  const b = network('back', 'b', { created: '2030-01-01T00:00:00Z' });
  const bridge = network('bridge', 'f', { builtin: true });
  const all = [a, b, bridge];
  const used = (id: string): number => (id === b.id ? 1 : 0);
  const names = (f: Record<string, string[]>): string[] => all.filter(listFilter(f, used)).map((n) => n.name);
  assert.deepEqual(names({ name: ['ron'] }), ['front']);
  assert.deepEqual(names({ label: ['tier=web'] }), ['front']);
  assert.deepEqual(names({ type: ['builtin'] }), ['bridge']);
  assert.deepEqual(names({ dangling: ['true'] }), ['front']);
  assert.deepEqual(names({ id: [b.id.slice(0, 12)] }), ['back']);
  assert.throws(() => names({ bogus: ['1'] }), /invalid filter 'bogus'/);
  assert.throws(() => names({ type: ['odd'] }), /invalid filter: 'type'='odd'/);
  assert.deepEqual(all.filter(pruneFilter({ until: ['2025-01-01T00:00:00Z'] })).map((n) => n.name), ['front', 'bridge']);
  assert.deepEqual(all.filter(pruneFilter({ 'label!': ['tier'] })).map((n) => n.name), ['back', 'bridge']);
});

test('network prune takes a Go duration for until, as Docker does', () => {
  const now = Date.now();
  const old = network('old', 'a', { created: new Date(now - 2 * 3_600_000).toISOString() });
  const fresh = network('fresh', 'b', { created: new Date(now - 60_000).toISOString() });
  assert.deepEqual([old, fresh].filter(pruneFilter({ until: ['1h'] })).map((n) => n.name), ['old']);
  assert.deepEqual([old, fresh].filter(pruneFilter({ until: ['1h30m'] })).map((n) => n.name), ['old']);
  assert.throws(() => pruneFilter({ until: ['yesterday'] }), /failed to parse value as time or duration: "yesterday"/);
});
