import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateString, interpolateTree } from './interpolate.js';

const env: Record<string, string> = { V: 'value', EMPTY: '', W: 'w' };
const run = (s: string, unset: string[] = []): string => interpolateString(s, { lookup: (n) => env[n], onUnset: (n) => unset.push(n) }, 'services.web.image');

test('every form of the spec substitutes as compose-go does', () => {
  const cases: [string, string][] = [
    ['${V}', 'value'],
    ['$V', 'value'],
    ['a-$V-b', 'a-value-b'],
    ['$V.x', 'value.x'],
    ['${V:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${V:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${W}}', 'w'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-$W-x}', 'w-x'],
    ['$$V', '$V'],
    ['$${V}', '${V}'],
    ['cost: $$5', 'cost: $5'],
    ['${V?err}', 'value'],
    ['${EMPTY?err}', ''],
    ['no dollar', 'no dollar'],
  ];
  for (const [input, want] of cases) assert.equal(run(input), want, input);
});

test('an unset variable is "" and reported once per use', () => {
  const unset: string[] = [];
  assert.equal(run('x${NOPE}y$NOPE2', unset), 'xy');
  assert.deepEqual(unset, ['NOPE', 'NOPE2']);
});

test('the default is only evaluated when used', () => {
  assert.equal(run('${V:-${NEVER:?boom}}'), 'value');
});

test('a missing required variable fails with the spec\'s text and the path', () => {
  assert.throws(() => run('${NOPE:?the image tag}'), { message: 'error while interpolating services.web.image: required variable NOPE is missing a value: the image tag' });
  assert.throws(() => run('${EMPTY:?must be set}'), { message: 'error while interpolating services.web.image: required variable EMPTY is missing a value: must be set' });
  assert.throws(() => run('${NOPE?}'), { message: 'error while interpolating services.web.image: required variable NOPE is missing a value' });
  assert.throws(() => run('${NOPE?needs ${W}}'), { message: 'error while interpolating services.web.image: required variable NOPE is missing a value: needs w' });
});

test('bad templates are refused with the advice to escape $', () => {
  for (const bad of ['${}', '${ V}', '${V', '$', 'a $ b', '${V:x}', '${1V}']) {
    assert.throws(() => run(bad), { message: `invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n${bad}` }, bad);
  }
});

test('trees: values are interpolated, keys never; list items are paths with []', () => {
  const tree = { services: { '${V}': { environment: ['A=${V}'], labels: { '$W': '$W' } } } };
  assert.deepEqual(interpolateTree(tree, { lookup: (n) => env[n] }), { services: { '${V}': { environment: ['A=value'], labels: { $W: 'w' } } } });
  assert.throws(() => interpolateTree({ services: { web: { environment: ['A=${X:?x}'] } } }, { lookup: () => undefined }), {
    message: 'error while interpolating services.web.environment.[]: required variable X is missing a value: x',
  });
});
