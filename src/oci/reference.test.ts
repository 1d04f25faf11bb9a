import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../errdefs/index.js';
import { familiarName, familiarString, isValidTag, parseDockerRef, parseNormalizedNamed, parseStoredReference, referenceString, repositoryName, withDefaultTag } from './reference.js';

const D = 'sha256:' + 'a'.repeat(64);

test('normalises names the way Docker does', () => {
  const cases: Array<[string, string]> = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['user/app:v1', 'docker.io/user/app:v1'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['localhost/x', 'localhost/x:latest'],
    ['localhost:5000/x/y:tag', 'localhost:5000/x/y:tag'],
    ['quay.io/org/sub/repo', 'quay.io/org/sub/repo:latest'],
    ['[::1]:5000/app', '[::1]:5000/app:latest'],
    [`busybox@${D}`, `docker.io/library/busybox@${D}`],
    ['a_b-c__d--e/f.g', 'docker.io/a_b-c__d--e/f.g:latest'],
  ];
  for (const [input, want] of cases) assert.equal(referenceString(parseDockerRef(input)), want, input);
});

test('a tag next to a digest is kept when parsing, dropped by parseDockerRef', () => {
  const r = parseNormalizedNamed(`busybox:1@${D}`);
  assert.equal(r.tag, '1');
  assert.equal(r.digest, D);
  assert.equal(referenceString(parseDockerRef(`busybox:1@${D}`)), `docker.io/library/busybox@${D}`);
});

test('familiar forms drop the default registry and library/', () => {
  assert.equal(familiarString(parseDockerRef('busybox')), 'busybox:latest');
  assert.equal(familiarName(parseDockerRef('user/app')), 'user/app');
  assert.equal(familiarName(parseDockerRef('library/a/b')), 'library/a/b');
  assert.equal(familiarString(parseDockerRef('localhost:5000/x:1')), 'localhost:5000/x:1');
  assert.equal(familiarString(parseDockerRef(`busybox@${D}`)), `busybox@${D}`);
  assert.equal(repositoryName(parseNormalizedNamed('busybox')), 'docker.io/library/busybox');
});

test('invalid references get Docker messages', () => {
  const bad = (s: string, msg: string | RegExp): void => assert.throws(() => parseNormalizedNamed(s), (e: unknown) => isInvalidArgument(e) && (typeof msg === 'string' ? (e as Error).message === msg : msg.test((e as Error).message)), s);
  bad('Busybox', 'invalid reference format: repository name (library/Busybox) must be lowercase');
  bad('user/App:1', 'invalid reference format: repository name (user/App) must be lowercase');
  bad('busybox:', 'invalid reference format');
  bad('busybox:-x', 'invalid reference format');
  bad('bus box', 'invalid reference format');
  bad('', 'invalid reference format');
  bad('a_b.c/d', 'invalid reference format');
  bad('a//b', 'invalid reference format');
  bad('-a', 'invalid reference format');
  bad('busybox@sha256:abc', 'invalid reference format');
  bad(`busybox@sha512:${'a'.repeat(128)}`, /unsupported digest algorithm/);
  bad('a'.repeat(64), `invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`);
  bad('x/' + 'a'.repeat(260), /must not be more than 255 characters/);
  bad('busybox:' + 't'.repeat(129), 'invalid reference format');
});

test('tags: 128 word characters, dots and dashes, not leading', () => {
  assert.ok(isValidTag('v1.2-rc_3'));
  assert.ok(isValidTag('t'.repeat(128)));
  assert.ok(!isValidTag('t'.repeat(129)));
  assert.ok(!isValidTag('.x'));
  assert.ok(!isValidTag('a/b'));
});

test('withDefaultTag only fills a bare name; stored references parse back', () => {
  assert.equal(withDefaultTag(parseNormalizedNamed(`x@${D}`)).tag, undefined);
  assert.equal(withDefaultTag(parseNormalizedNamed('x')).tag, 'latest');
  const full = 'localhost:5000/a/b:c';
  assert.equal(referenceString(parseStoredReference(full)), full);
  assert.throws(() => parseStoredReference('busybox'), isInvalidArgument);
});
