import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, Tagged } from './yaml.js';

test('anchors, aliases and << merge keys resolve; explicit keys win over merged ones', () => {
  const v = parseYaml('base: &b {a: 1, b: 2}\nother: &o {c: 3}\nx:\n  <<: [*b, *o]\n  b: 20\n', 'f.yaml');
  assert.deepEqual(v, { base: { a: 1, b: 2 }, other: { c: 3 }, x: { a: 1, b: 20, c: 3 } });
});

test('!reset and !override survive as tags', () => {
  const v = parseYaml('a: !reset []\nb: !override {x: 1}\nc: !reset\n', 'f.yaml') as Record<string, unknown>;
  assert.deepEqual(v.a, new Tagged('reset', null));
  assert.deepEqual(v.b, new Tagged('override', { x: 1 }));
  assert.deepEqual(v.c, new Tagged('reset', null));
});

test('a leading 0 is octal, as in Go\'s YAML', () => {
  assert.deepEqual(parseYaml('mode: 0440\nother: 0o440\nport: 8080\n', 'f.yaml'), { mode: 0o440, other: 0o440, port: 8080 });
});

test('syntax errors name the file, line and column', () => {
  assert.throws(() => parseYaml('a:\n  b: [1, 2\n', '/p/compose.yaml'), { message: /^failed to parse \/p\/compose\.yaml: yaml: line \d+, column \d+: / });
  assert.throws(() => parseYaml('a: 1\nb: "x\n', '/p/compose.yaml'), { message: /^failed to parse \/p\/compose\.yaml: yaml: line \d+, column \d+: Missing closing "quote/ });
});

test('a billion laughs is refused, not expanded', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  assert.throws(() => parseYaml(levels.join('\n'), 'bomb.yaml'), { message: 'failed to parse bomb.yaml: yaml: document contains excessive aliasing' });
});
