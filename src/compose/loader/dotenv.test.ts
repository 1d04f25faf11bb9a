import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from './dotenv.js';

test('.env lines: export, comments, quotes, escapes, interpolation from above and the lookup', () => {
  const text = [
    '# a comment',
    'A=plain value # trailing comment',
    'export B=b',
    "C='single ${A} $$ kept'",
    'D="double\\nline ${A}"',
    'E=${B}-${FROM_LOOKUP}',
    'F="multi',
    'line"',
    'G=',
    'INHERITED',
    'NOT_INHERITED',
    'H=after',
    '',
  ].join('\n');
  const vars = parseDotenv(text, '.env', (n) => ({ FROM_LOOKUP: 'lk', INHERITED: 'from-env' })[n]);
  assert.deepEqual(vars, {
    A: 'plain value',
    B: 'b',
    C: 'single ${A} $$ kept',
    D: 'double\nline plain value',
    E: 'b-lk',
    F: 'multi\nline',
    G: '',
    INHERITED: 'from-env',
    H: 'after',
  });
});

test('a bad key names the file and line', () => {
  assert.throws(() => parseDotenv('A=1\nB C=2\n', '/p/.env', () => undefined), { message: 'failed to read /p/.env: line 2: unexpected character in variable name "B C"' });
});
