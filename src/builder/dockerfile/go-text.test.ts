import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlags } from './flags.js';
import { goQuote, isSpace, trimSpace } from './go-text.js';
import { withSuggestion } from './suggest.js';

test('goQuote prints what Go\'s %q prints', () => {
  assert.equal(goQuote('plain'), '"plain"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('tab\there\nnl\x07\x00\x7f'), '"tab\\there\\nnl\\a\\x00\\x7f"');
  assert.equal(goQuote('héllo ☺ 한국어'), '"héllo ☺ 한국어"');
  assert.equal(goQuote('\u200b\u{e0001}'), '"\\u200b\\U000e0001"');
});

test('isSpace and trimSpace follow unicode.IsSpace, not String.trim', () => {
  for (const c of [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00a0', '\u2003', '\u3000']) assert.equal(isSpace(c), true, JSON.stringify(c));
  for (const c of ['x', '\u200b', '\uFEFF']) assert.equal(isSpace(c), false, JSON.stringify(c));
  assert.equal(trimSpace('\uFEFF x \u0085'), '\uFEFF x');
});

test('flags: types, repeats, booleans, the end marker', () => {
  const f = parseFlags(['--a=1', '--list=x', '--list=y', '--on', '--off=FALSE', '--', '--ignored'], { a: 'string', list: 'strings', on: 'bool', off: 'bool', unused: 'bool' });
  assert.deepEqual([f.string('a'), f.strings('list'), f.bool('on'), f.bool('off'), f.bool('unused')], ['1', ['x', 'y'], true, false, undefined]);
  assert.deepEqual(f.used, ['a', 'list', 'on', 'off']);
  assert.throws(() => parseFlags(['-a'], { a: 'bool' }), { message: 'arg should start with -- : -a' });
  assert.throws(() => parseFlags(['--list'], { list: 'strings' }), { message: 'missing a value on flag: --list' });
  assert.throws(() => parseFlags(['--constructor=1'], {}), { message: 'unknown flag: --constructor' });
});

test('suggestions: closest option within two edits, in the user\'s casing', () => {
  assert.equal(withSuggestion('unknown instruction: WORKDR', 'WORKDR', ['WORKDIR', 'USER'], false), 'unknown instruction: WORKDR (did you mean WORKDIR?)');
  assert.equal(withSuggestion('x', 'Workdr', ['WORKDIR'], false), 'x (did you mean workdir?)'); // mixed case: Docker answers in lower case
  assert.equal(withSuggestion('x', 'entry', ['ENTRYPOINT'], false), 'x');
  assert.equal(withSuggestion('x', 'Link', ['link'], true), 'x (did you mean link?)');
  assert.equal(withSuggestion('x', 'link', ['link'], true), 'x');
});
