import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, preferredChallenge } from './challenge.js';

test('bearer and basic challenges, quoted values with commas and escapes, several per header', () => {
  const [bearer] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"');
  assert.deepEqual(bearer, { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull,push' } });
  const two = parseChallenges(['Basic realm="Wharf \\"Registry\\""', 'Bearer realm=x, error=insufficient_scope']);
  assert.deepEqual(two, [
    { scheme: 'basic', params: { realm: 'Wharf "Registry"' } },
    { scheme: 'bearer', params: { realm: 'x', error: 'insufficient_scope' } },
  ]);
  const inOne = parseChallenges('Basic realm="a", Bearer realm="b",service="s"');
  assert.deepEqual(inOne.map((c) => c.scheme), ['basic', 'bearer']);
  assert.equal(preferredChallenge(inOne)?.scheme, 'bearer');
  assert.deepEqual(parseChallenges(undefined), []);
});
