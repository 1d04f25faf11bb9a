import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDRESS_FACTOR, FailureLimiter, type Admission, type Attempt } from './failure-limit.js';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

function attempt(a: Admission): Attempt {
  assert.ok(a.admitted, 'admitted');
  return a.attempt;
}

const refused = (a: Admission): number => {
  assert.ok(!a.admitted, 'refused');
  return a.retryAfterSeconds;
};

test('five failures in a minute lock that user out from that address, until the oldest leaves the window', () => {
  const c = clock();
  const l = new FailureLimiter({ failures: 5, windowMs: 60_000 }, c.now);
  for (let i = 0; i < 5; i++) {
    attempt(l.admit('10.0.0.1', 'alice')).failed();
    c.advance(1000);
  }
  assert.equal(refused(l.admit('10.0.0.1', 'alice')), 55);
  attempt(l.admit('10.0.0.2', 'alice')).succeeded(); // another address
  attempt(l.admit('10.0.0.1', 'bob')).succeeded(); // another user from the same address
  c.advance(55_000);
  attempt(l.admit('10.0.0.1', 'alice')).failed();
  assert.ok(!l.admit('10.0.0.1', 'alice').admitted, 'the fresh failure fills the window again');
});

test('checks still running count, so a concurrent burst gets only the budget', () => {
  const l = new FailureLimiter({ failures: 5, windowMs: 60_000 }, clock().now);
  const running = Array.from({ length: 200 }, () => l.admit('10.0.0.1', 'alice'));
  assert.equal(running.filter((a) => a.admitted).length, 5);
  assert.equal(refused(running[199] as Admission), 1, 'a running check may yet succeed: retry soon');
  for (const a of running) if (a.admitted) a.attempt.abandoned();
  assert.ok(l.admit('10.0.0.1', 'alice').admitted, 'abandoned checks give their place back');
});

test('a success clears that user\'s failures from that address; settling twice counts once', () => {
  const l = new FailureLimiter({ failures: 2, windowMs: 60_000 }, clock().now);
  const first = attempt(l.admit('a', 'alice'));
  first.failed();
  first.failed();
  attempt(l.admit('a', 'alice')).succeeded();
  attempt(l.admit('a', 'alice')).failed();
  assert.ok(l.admit('a', 'alice').admitted, 'one failure since the success');
});

test('spraying user names from one address hits the address budget', () => {
  const l = new FailureLimiter({ failures: 3, windowMs: 60_000 }, clock().now);
  for (let i = 0; i < 3 * ADDRESS_FACTOR; i++) attempt(l.admit('a', `user${i}`)).failed();
  assert.ok(!l.admit('a', 'fresh-user').admitted);
  assert.ok(l.admit('b', 'fresh-user').admitted, 'other addresses are not affected');
});
