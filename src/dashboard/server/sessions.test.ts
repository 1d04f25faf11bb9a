import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_COOKIE, Sessions, TOKEN_LIFETIME_MS } from './sessions.js';

test('the login token opens one session, once', () => {
  const s = new Sessions();
  const token = s.issueToken(0);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const opened = s.redeem(token, 1000);
  assert.ok(opened);
  assert.equal(s.redeem(token, 1000), undefined, 'a used token');
  const session = s.fromCookies(`other=1; ${SESSION_COOKIE}=${opened.id}`);
  assert.ok(session);
  assert.match(session.csrf, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(session.csrf, opened.csrf);
  assert.notEqual(opened.csrf, opened.id);
});

test('a token is refused after its 10 minutes, and is used up by the try', () => {
  const s = new Sessions();
  const token = s.issueToken(0);
  assert.equal(s.redeem(token, TOKEN_LIFETIME_MS + 1), undefined);
  assert.equal(s.redeem(token, 0), undefined);
});

test('a wrong token leaves the right one valid; unknown cookies open nothing', () => {
  const s = new Sessions();
  const token = s.issueToken(0);
  assert.equal(s.redeem('x'.repeat(43), 0), undefined);
  assert.equal(s.redeem('', 0), undefined);
  assert.equal(s.fromCookies(`${SESSION_COOKIE}=${'x'.repeat(43)}`), undefined);
  assert.equal(s.fromCookies(undefined), undefined);
  assert.ok(s.redeem(token, 0));
});
