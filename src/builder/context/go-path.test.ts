import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanPath, hasWildcards } from './go-path.js';

test('cleanPath is Go\'s filepath.Clean', () => {
  const cases: Array<[string, string]> = [
    ['', '.'],
    ['abc', 'abc'],
    ['abc/def', 'abc/def'],
    ['a/b/c', 'a/b/c'],
    ['.', '.'],
    ['..', '..'],
    ['../..', '../..'],
    ['../../abc', '../../abc'],
    ['/abc', '/abc'],
    ['/', '/'],
    ['abc/', 'abc'],
    ['abc/def/', 'abc/def'],
    ['/abc/', '/abc'],
    ['abc//def//ghi', 'abc/def/ghi'],
    ['//abc', '/abc'],
    ['abc//', 'abc'],
    ['abc/./def', 'abc/def'],
    ['/./abc/def', '/abc/def'],
    ['abc/.', 'abc'],
    ['abc/def/ghi/../jkl', 'abc/def/jkl'],
    ['abc/def/../ghi/../jkl', 'abc/jkl'],
    ['abc/def/..', 'abc'],
    ['abc/def/../..', '.'],
    ['/abc/def/../..', '/'],
    ['abc/def/../../..', '..'],
    ['/abc/def/../../..', '/'],
    ['abc/def/../../../ghi/jkl/../../../mno', '../../mno'],
    ['/../abc', '/abc'],
    ['abc/./../def', 'def'],
    ['abc//./../def', 'def'],
    ['abc/../../././../def', '../../def'],
  ];
  for (const [p, want] of cases) assert.equal(cleanPath(p), want, p);
});

test('hasWildcards skips escaped characters', () => {
  assert.equal(hasWildcards('src/*.js'), true);
  assert.equal(hasWildcards('file?.txt'), true);
  assert.equal(hasWildcards('[ab].txt'), true);
  assert.equal(hasWildcards('plain/file'), false);
  assert.equal(hasWildcards('a\\*b'), false);
});
