import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthLogEntry } from '../../apitypes/containers.js';
import { goDurationString, nextHealth } from './health.js';
import { probeCommand, probeOf } from './probe-test.js';

const entry = (code: number): HealthLogEntry => ({ Start: '', End: '', ExitCode: code, Output: String(code) });

test('probe commands: CMD, CMD-SHELL, NONE', () => {
  assert.deepEqual(probeCommand({ Test: ['CMD', 'true', 'x'] }), ['true', 'x']);
  assert.deepEqual(probeCommand({ Test: ['CMD-SHELL', 'curl -f localhost'] }), ['/bin/sh', '-c', 'curl -f localhost']);
  assert.equal(probeCommand({ Test: ['NONE'] }), undefined);
  assert.equal(probeCommand(undefined), undefined);
});

test('Wharf\'s TCP probe: [host:]port, else no probe', () => {
  assert.deepEqual(probeOf({ Test: ['TCP', '8080'] }), { kind: 'tcp', port: 8080 });
  assert.deepEqual(probeOf({ Test: ['TCP', '10.0.0.2:53'] }), { kind: 'tcp', host: '10.0.0.2', port: 53 });
  assert.deepEqual(probeOf({ Test: ['TCP', '[::1]:80'] }), { kind: 'tcp', host: '::1', port: 80 });
  for (const bad of [['TCP'], ['TCP', 'x'], ['TCP', '70000'], ['TCP', '80', 'extra']]) assert.equal(probeOf({ Test: bad }), undefined, bad.join(' '));
});

test('health state follows moby: retries, start period, success resets, last five logs', () => {
  const h = { Status: 'starting' as const, FailingStreak: 0, Log: [] as HealthLogEntry[] };
  let next = nextHealth(h, entry(1), { retries: 2, inStartPeriod: true });
  assert.deepEqual([next.Status, next.FailingStreak], ['starting', 0]);
  next = nextHealth(next, entry(1), { retries: 2, inStartPeriod: false });
  assert.deepEqual([next.Status, next.FailingStreak], ['starting', 1]);
  next = nextHealth(next, entry(1), { retries: 2, inStartPeriod: false });
  assert.deepEqual([next.Status, next.FailingStreak], ['unhealthy', 2]);
  next = nextHealth(next, entry(0), { retries: 2, inStartPeriod: false });
  assert.deepEqual([next.Status, next.FailingStreak], ['healthy', 0]);
  // Once healthy, the start period no longer hides failures.
  next = nextHealth(next, entry(1), { retries: 2, inStartPeriod: true });
  assert.deepEqual([next.Status, next.FailingStreak], ['healthy', 1]);
  for (let i = 0; i < 10; i++) next = nextHealth(next, entry(i), { retries: 100, inStartPeriod: false });
  assert.deepEqual(next.Log.map((l) => l.ExitCode), [5, 6, 7, 8, 9]);
});

test('Go duration strings for the timeout message', () => {
  assert.equal(goDurationString(200), '200ms');
  assert.equal(goDurationString(30_000), '30s');
  assert.equal(goDurationString(1500), '1.5s');
  assert.equal(goDurationString(90_000), '1m30s');
  assert.equal(goDurationString(3_600_000), '1h0m0s');
});
