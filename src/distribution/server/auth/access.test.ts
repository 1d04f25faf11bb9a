import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessPolicy, covers, parseScopes } from './access.js';
import { signToken, verifyToken, TokenError, type TokenClaims } from './token.js';

test('scopes parse like Docker writes them', () => {
  assert.deepEqual(parseScopes(['repository:a/b:pull,push registry:catalog:*', 'repository(plugin):p:pull']), [
    { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
    { type: 'repository', name: 'p', actions: ['pull'] },
  ]);
  assert.deepEqual(parseScopes(['nonsense', '']), []);
});

test('policy: patterns per user, "*" for every user, anonymous, catalog', () => {
  const policy = new AccessPolicy({
    anonymous: { 'pub/*': ['pull'] },
    users: { alice: { 'alice/**': ['*'], _catalog: ['*'] }, '*': { 'shared/*': ['pull'] } },
  });
  assert.deepEqual([...policy.allowed('alice', 'repository', 'alice/x/y')].sort(), ['*', 'delete', 'pull', 'push']);
  assert.deepEqual([...policy.allowed('bob', 'repository', 'shared/x')], ['pull']);
  assert.deepEqual([...policy.allowed('bob', 'repository', 'shared/x/y')], [], '* stops at a slash');
  assert.deepEqual([...policy.allowed(undefined, 'repository', 'pub/x')], ['pull']);
  assert.deepEqual([...policy.allowed(undefined, 'repository', 'shared/x')], []);
  assert.deepEqual([...policy.allowed('alice', 'registry', 'catalog')], ['*']);
  assert.deepEqual([...policy.allowed('bob', 'registry', 'catalog')], []);
  assert.deepEqual(policy.grant('bob', parseScopes(['repository:shared/x:pull,push', 'repository:alice/x:pull'])), [{ type: 'repository', name: 'shared/x', actions: ['pull'] }]);
  assert.throws(() => new AccessPolicy({ users: { x: { '**': ['write'] } } }));
});

test('without a config, any authenticated user may do anything and anonymous nothing', () => {
  const policy = new AccessPolicy();
  assert.ok(policy.allowed('anyone', 'repository', 'x').has('push'));
  assert.equal(policy.allowed(undefined, 'repository', 'x').size, 0);
});

test('covers: every needed action granted for the same resource', () => {
  const granted = [{ type: 'repository', name: 'a', actions: ['pull'] }];
  assert.ok(covers(granted, [{ type: 'repository', name: 'a', actions: ['pull'] }]));
  assert.ok(!covers(granted, [{ type: 'repository', name: 'a', actions: ['pull', 'push'] }]));
  assert.ok(!covers(granted, [{ type: 'repository', name: 'b', actions: ['pull'] }]));
  assert.ok(covers(granted, []));
});

test('tokens: verify round trip, expiry, tampering', () => {
  const secret = Buffer.from('k');
  const now = new Date('2030-01-01T00:00:00Z');
  const t = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = { iss: 'i', sub: 's', aud: 'a', iat: t, nbf: t, exp: t + 60, jti: 'j', access: [] };
  const token = signToken(claims, secret);
  assert.deepEqual(verifyToken(token, secret, { issuer: 'i', audience: 'a', now }), claims);
  const reason = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      return err instanceof TokenError ? err.reason : 'other';
    }
    return undefined;
  };
  assert.equal(reason(() => verifyToken(token, secret, { issuer: 'i', audience: 'a', now: new Date(now.getTime() + 120_000) })), 'expired');
  assert.equal(reason(() => verifyToken(token, Buffer.from('other'), { issuer: 'i', audience: 'a', now })), 'signature');
  assert.equal(reason(() => verifyToken(token, secret, { issuer: 'x', audience: 'a', now })), 'wrong-issuer');
  const [h, , s] = token.split('.');
  const widened = Buffer.from(JSON.stringify({ ...claims, access: [{ type: 'repository', name: 'x', actions: ['push'] }] })).toString('base64url');
  assert.equal(reason(() => verifyToken(`${h}.${widened}.${s}`, secret, { issuer: 'i', audience: 'a', now })), 'signature');
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
  assert.equal(reason(() => verifyToken(none, secret, { issuer: 'i', audience: 'a', now })), 'malformed');
});
