import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRepositoryName, isTag, parseManifestRef, parseRequestDigest } from './names.js';
import { isRegistryError } from './errors.js';
import { parseByteRange, paginate, pageRequest } from './http-io.js';

const D = `sha256:${'ab'.repeat(32)}`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isRegistryError(err) ? err.code : 'other';
  }
  return undefined;
}

test('repository names follow the spec grammar', () => {
  for (const ok of ['a', 'library/busybox', 'a.b_c__d---e/f0', 'x/y/z', 'a'.repeat(255)]) assert.ok(isRepositoryName(ok), ok);
  for (const bad of ['', 'A', 'a..b', 'a/', '/a', 'a//b', '_a', 'a_', 'a___b', 'a/../b', '.', 'a'.repeat(256), 'a:b']) assert.ok(!isRepositoryName(bad), bad);
});

test('tags and manifest references', () => {
  assert.ok(isTag('latest') && isTag('_x') && isTag('V1.2-rc_3') && isTag('a'.repeat(128)));
  assert.ok(!isTag('.x') && !isTag('-x') && !isTag('a'.repeat(129)) && !isTag('a/b'));
  assert.deepEqual(parseManifestRef('v1'), { kind: 'tag', tag: 'v1' });
  assert.deepEqual(parseManifestRef(D), { kind: 'digest', digest: D });
  assert.equal(codeOf(() => parseManifestRef('sha256:abc')), 'DIGEST_INVALID');
  assert.equal(codeOf(() => parseManifestRef('-x')), 'TAG_INVALID');
  assert.equal(codeOf(() => parseRequestDigest(D.toUpperCase())), 'DIGEST_INVALID');
  assert.equal(codeOf(() => parseRequestDigest(undefined)), 'DIGEST_INVALID');
});

test('byte ranges', () => {
  assert.deepEqual(parseByteRange('bytes=0-0', 10), { start: 0, end: 0 });
  assert.deepEqual(parseByteRange('bytes=5-100', 10), { start: 5, end: 9 });
  assert.deepEqual(parseByteRange('bytes=-3', 10), { start: 7, end: 9 });
  assert.deepEqual(parseByteRange('bytes=-30', 10), { start: 0, end: 9 });
  assert.equal(parseByteRange('bytes=10-', 10), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=4-2', 10), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=0-1,3-4', 10), undefined, 'several ranges: the whole blob');
  assert.equal(parseByteRange(undefined, 10), undefined);
});

test('pagination', () => {
  const all = ['a', 'b', 'c'];
  assert.deepEqual(paginate(all, pageRequest(new URLSearchParams('')), '/p'), { items: all });
  assert.deepEqual(paginate(all, pageRequest(new URLSearchParams('n=3')), '/p'), { items: all });
  assert.deepEqual(paginate(all, pageRequest(new URLSearchParams('n=1&last=a')), '/p'), { items: ['b'], link: '</p?n=1&last=b>; rel="next"' });
  assert.deepEqual(paginate(all, pageRequest(new URLSearchParams('last=b')), '/p'), { items: ['c'] });
  assert.equal(codeOf(() => pageRequest(new URLSearchParams('n=x'))), 'PAGINATION_NUMBER_INVALID');
});
