import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../errdefs/index.js';
import { pathMatch } from './glob.js';

const BAD = 'bad';

test('pathMatch is Go\'s filepath.Match', () => {
  const cases: Array<[string, string, boolean | typeof BAD]> = [
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', false],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a[^a][^a][^a]b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['[\\-x]', 'x', true],
    ['[\\-x]', '-', true],
    ['[\\-x]', 'a', false],
    ['[]a]', ']', BAD],
    ['[-]', '-', BAD],
    ['[x-]', 'x', BAD],
    ['[x-]', '-', BAD],
    ['[x-]', 'z', BAD],
    ['[-x]', 'x', BAD],
    ['[-x]', '-', BAD],
    ['[-x]', 'a', BAD],
    ['\\', 'a', BAD],
    ['[a-b-c]', 'a', BAD],
    ['[', 'a', BAD],
    ['[^', 'a', BAD],
    ['[^bc', 'a', BAD],
    ['a[', 'a', BAD],
    ['a[', 'ab', BAD],
    ['a[', 'x', BAD],
    ['a/b[', 'x', BAD],
    ['*x', 'xxx', true],
    ['**', 'a/b', false],
    ['*/*', 'a/b', true],
    // A class is not stopped by '/', as in Go.
    ['a[^x]b', 'a/b', true],
  ];
  for (const [pattern, name, want] of cases) {
    const label = `${pattern} ~ ${name}`;
    if (want === BAD) assert.throws(() => pathMatch(pattern, name), (e) => isInvalidArgument(e) && (e as Error).message === 'syntax error in pattern', label);
    else assert.equal(pathMatch(pattern, name), want, label);
  }
});


test('pathMatch never backtracks past the last star: hostile patterns answer at once', () => {
  // A backtracking matcher takes ~n^7 steps here; Go's algorithm n × pattern length.
  const name = 'a'.repeat(20_000);
  assert.equal(pathMatch('*a*a*a*a*a*a*ab', name), false);
  assert.equal(pathMatch('*a*a*a*a*a*a*a', name), true);
  assert.equal(pathMatch('*?*?*?*?*?*?*?b', name), false);
  assert.equal(pathMatch('[a]*[a]*[a]*[a]*[^a]', name), false);
});
