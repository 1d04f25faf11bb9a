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

test('a hostile nesting depth is a 400, not a stack overflow', () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  assert.throws(() => parsed(deep), /invalid JSON: exceeded max depth/);
  parsed('{"a":[[[{}]]],"b":[]}');
});
