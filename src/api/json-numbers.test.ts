import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberLiteral, rememberNumberLiterals } from './json-numbers.js';

const parsed = (text: string): object => {
  const v = JSON.parse(text) as object;
  rememberNumberLiterals(v, text);
  return v;
};

test('literals a double may misrepresent are kept by path; small plain integers are not', () => {
  const doc = parsed('{"a":{"b":[1, 1e300, -0.5]}, "c": 9223372036854775808, "s": "1e5", "d": 12, "e\\"q": 2E3, "n": null, "t": true}');
  assert.equal(numberLiteral(doc, ['a', 'b', 1]), '1e300');
  assert.equal(numberLiteral(doc, ['a', 'b', 2]), '-0.5');
  assert.equal(numberLiteral(doc, ['c']), '9223372036854775808');
  assert.equal(numberLiteral(doc, ['e"q']), '2E3');
  assert.equal(numberLiteral(doc, ['a', 'b', 0]), undefined);
  assert.equal(numberLiteral(doc, ['d']), undefined);
  assert.equal(numberLiteral(doc, ['s']), undefined);
});

test('nesting costs neither stack nor quadratic time: a literal deep inside is still found', () => {
  // readJson refuses more than Go's 10 000 levels before this scan; up to there it must be linear.
  const deep = parsed('{"a":' + '['.repeat(9_998) + '1e300' + ']'.repeat(9_998) + ',"b":[{}, 2.5]}');
  assert.equal(numberLiteral(deep, ['a', ...Array<number>(9_998).fill(0)]), '1e300');
  assert.equal(numberLiteral(deep, ['b', 1]), '2.5');
});
