import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../errdefs/index.js';
import { compileGoRegexp, programSizeBound, RegexpFilter } from './re2.js';

const goError = (message: string) => (e: unknown) => isInvalidArgument(e) && (e as Error).message === message;

test('Go regexp syntax and semantics: unanchored, RE2 only', () => {
  assert.equal(compileGoRegexp('web').test('/my-web-1'), true);
  assert.equal(compileGoRegexp('^/?web-[0-9]+$').test('/web-12'), true);
  assert.equal(compileGoRegexp('(?P<n>a)b').test('xab'), true);
  assert.equal(compileGoRegexp('(?i)WEB').test('web'), true);
  assert.equal(compileGoRegexp('\\pL+$').test('été'), true);
  // `.` is anything but a newline, `$` only the end of the text.
  assert.equal(compileGoRegexp('^a.b$').test('a\rb'), true);
  assert.equal(compileGoRegexp('^a.b$').test('a\nb'), false);
  assert.equal(compileGoRegexp('a$').test('a\n'), false);
});

test('what RE2 refuses is refused with Go\'s message', () => {
  assert.throws(() => compileGoRegexp('('), goError('error parsing regexp: missing closing ): `(`'));
  assert.throws(() => compileGoRegexp('(?=a)'), goError('error parsing regexp: invalid or unsupported Perl syntax: `(?=`'));
  assert.throws(() => compileGoRegexp('(a)\\1'), goError('error parsing regexp: invalid escape sequence: `\\1`'));
  assert.throws(() => compileGoRegexp('a**'), goError('error parsing regexp: invalid nested repetition operator: `**`'));
  assert.throws(() => compileGoRegexp('x{1001}', 5000), goError('error parsing regexp: invalid repeat count: `{1001}`'));
});

test('catastrophic patterns for a backtracking engine match in linear time', () => {
  // JavaScript's RegExp needs 2^n steps for each of these; a hang here is the failure.
  const name = 'a'.repeat(5000);
  assert.equal(compileGoRegexp('^(a+)+b').test(name), false);
  assert.equal(compileGoRegexp('^(a|aa)*$').test(name + 'b'), false);
  assert.equal(compileGoRegexp('(.*a){12}b').test(name), false);
});

test('programs past the budget are refused before they are compiled', () => {
  assert.ok(programSizeBound('^/?web-[0-9]+$') < 20);
  assert.ok(programSizeBound('a{1000}') >= 1000);
  assert.ok(programSizeBound('(a{10}){10}') >= 100);
  assert.ok(programSizeBound('((a{10}b){10}){10}') >= 1000);
  assert.ok(programSizeBound('[{]{9}\\x{1F600}{2}') >= 11);
  assert.ok(programSizeBound('\\Q(((\\E{100}') >= 100);
  assert.equal(programSizeBound('('.repeat(5000)), Infinity);
  assert.throws(() => compileGoRegexp('a{1000}'.repeat(50)), goError('error parsing regexp: expression too large'));
  assert.equal(compileGoRegexp('a{1000}', 2000).test('a'.repeat(1000)), true);
});

test('RegexpFilter is Docker\'s Args.Match: exact or regexp, invalid values match nothing', () => {
  const f = new RegexpFilter();
  assert.equal(f.matches(['^web'], 'web-1'), true);
  assert.equal(f.matches(['^db', 'web'], 'my-web'), true);
  assert.equal(f.matches(['(', '^db'], 'web'), false);
  assert.equal(f.matches(['('], '('), true);
  assert.equal(f.matches(['a{1000}'.repeat(50)], 'a'), false);
  assert.equal(f.matches([], 'web'), false);
});
