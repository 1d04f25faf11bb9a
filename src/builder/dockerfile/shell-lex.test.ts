import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { ShellLex, emptyEnv, envFromList } from './shell-lex.js';

const ERR = Symbol('error');

/** processWord with PWD=/home SHELL=bash KOREAN=한국어 NULL= (the environment Docker's own lexer table uses). */
const WORD_CASES: Array<[string, string | typeof ERR]> = [
  ["hello", "hello"],
  ["he'll'o", "hello"],
  ["he'llo", ERR],
  ["he\\'llo", "he'llo"],
  ["he\\\\'llo", ERR],
  ["abc\\tdef", "abctdef"],
  ["\"abc\\tdef\"", "abc\\tdef"],
  ["\"abc\\\\tdef\"", "abc\\tdef"],
  ["'abc\\tdef'", "abc\\tdef"],
  ["hello\\", "hello"],
  ["hello\\\\", "hello\\"],
  ["\"hello", ERR],
  ["\"hello\\\"", ERR],
  ["\"hel'lo\"", "hel'lo"],
  ["'hello", ERR],
  ["'hello\\'", "hello\\"],
  ["'hello\\there'", "hello\\there"],
  ["'hello\\\\there'", "hello\\\\there"],
  ["\"''\"", "''"],
  ["$.", "$."],
  ["he$1x", "hex"],
  ["he$.x", "he$.x"],
  ["he$pwd.", "he."],
  ["he$PWD", "he/home"],
  ["he\\$PWD", "he$PWD"],
  ["he\\\\$PWD", "he\\/home"],
  ["\"he\\$PWD\"", "he$PWD"],
  ["\"he\\\\$PWD\"", "he\\/home"],
  ["\\${}", "${}"],
  ["\\${}aaa", "${}aaa"],
  ["he\\${}", "he${}"],
  ["he\\${}xx", "he${}xx"],
  ["${}", ERR],
  ["${}aaa", ERR],
  ["he${}", ERR],
  ["he${}xx", ERR],
  ["he${hi}", "he"],
  ["he${hi}xx", "hexx"],
  ["he${PWD}", "he/home"],
  ["he${.}", ERR],
  ["he${XXX:-000}xx", "he000xx"],
  ["he${PWD:-000}xx", "he/homexx"],
  ["he${XXX:-$PWD}xx", "he/homexx"],
  ["he${XXX:-${PWD:-yyy}}xx", "he/homexx"],
  ["he${XXX:-${YYY:-yyy}}xx", "heyyyxx"],
  ["he${XXX:YYY}", ERR],
  ["he${XXX?}", ERR],
  ["he${XXX:?}", ERR],
  ["he${PWD?}", "he/home"],
  ["he${PWD:?}", "he/home"],
  ["he${NULL?}", "he"],
  ["he${NULL:?}", ERR],
  ["he${XXX:+${PWD}}xx", "hexx"],
  ["he${PWD:+${XXX}}xx", "hexx"],
  ["he${PWD:+${SHELL}}xx", "hebashxx"],
  ["he${XXX:+000}xx", "hexx"],
  ["he${PWD:+000}xx", "he000xx"],
  ["'he${XX}'", "he${XX}"],
  ["\"he${PWD}\"", "he/home"],
  ["\"he'$PWD'\"", "he'/home'"],
  ["\"$PWD\"", "/home"],
  ["'$PWD'", "$PWD"],
  ["'\\$PWD'", "\\$PWD"],
  ["'\"hello\"'", "\"hello\""],
  ["he\\$PWD", "he$PWD"],
  ["\"he\\$PWD\"", "he$PWD"],
  ["'he\\$PWD'", "he\\$PWD"],
  ["he${PWD", ERR],
  ["he${PWD:=000}xx", ERR],
  ["he${PWD:+${PWD}:}xx", "he/home:xx"],
  ["he${XXX:-\\$PWD:}xx", "he$PWD:xx"],
  ["he${XXX:-\\${PWD}z}xx", "he${PWDz}xx"],
  ["안녕하세요", "안녕하세요"],
  ["안'녕'하세요", "안녕하세요"],
  ["안'녕하세요", ERR],
  ["안녕\\'하세요", "안녕'하세요"],
  ["안\\\\'녕하세요", ERR],
  ["안녕\\t하세요", "안녕t하세요"],
  ["$KOREAN", "한국어"],
  ["${{aaa}", ERR],
  ["${aaa}}", "}"],
  ["${aaa", ERR],
  ["${{aaa:-bbb}", ERR],
  ["${aaa:-bbb}}", "bbb}"],
  ["${aaa:-bbb", ERR],
  ["${aaa:-bbb}", "bbb"],
  ["${aaa:-${bbb:-ccc}}", "ccc"],
  ["${aaa:-bbb ${foo}", ERR],
  ["${aaa:-bbb {foo}", "bbb {foo"],
  ["${:}", ERR],
  ["${:-bbb}", ERR],
  ["${:+bbb}", ERR],
  ["$1", ""],
  ["${1}", ""],
  ["${1:+bbb}", ""],
  ["${1:-bbb}", "bbb"],
  ["$9", ""],
  ["${9}", ""],
  ["${9:+bbb}", ""],
  ["${9:-bbb}", "bbb"],
  ["$999", ""],
  ["${999}", ""],
  ["${999:+bbb}", ""],
  ["${999:-bbb}", "bbb"],
  ["$999aaa", "aaa"],
  ["${999}aaa", "aaa"],
  ["${999:+bbb}aaa", "aaa"],
  ["${999:-bbb}aaa", "bbbaaa"],
  ["$001aaa", "aaa"],
  ["${001}aaa", "aaa"],
  ["${001:+bbb}aaa", "aaa"],
  ["${001:-bbb}aaa", "bbbaaa"],
  ["$@", ""],
  ["${@}", ""],
  ["${@:+bbb}", ""],
  ["${@:-bbb}", "bbb"],
  ["$@@@", "@@"],
  ["$@aaa", "aaa"],
  ["${@}aaa", "aaa"],
  ["${@:+bbb}aaa", "aaa"],
  ["${@:-bbb}aaa", "bbbaaa"],
  ["$#", ""],
  ["${#}", ""],
  ["${#:+bbb}", ""],
  ["${#:-bbb}", "bbb"],
  ["$-", ""],
  ["${-}", ""],
  ["${-:+bbb}", ""],
  ["${-:-bbb}", "bbb"],
  ["$$", ""],
  ["${$}", ""],
  ["${$:+bbb}", ""],
  ["${$:-bbb}", "bbb"],];

test('processWord: quotes, escapes and ${} forms behave as in Docker', () => {
  const lex = new ShellLex('\\');
  const env = envFromList(['PWD=/home', 'SHELL=bash', 'KOREAN=한국어', 'NULL=']);
  for (const [src, want] of WORD_CASES) {
    if (want === ERR) assert.throws(() => lex.processWord(src, env), (e) => isInvalidArgument(e), src);
    else assert.equal(lex.processWord(src, env), want, src);
  }
});

test('processWords splits after expansion, keeping quoted spaces', () => {
  const lex = new ShellLex('\\');
  const env = envFromList(['hi=hi', 'space=abc  def', 'leading=  ab c', 'trailing=ab c   ']);
  const cases: Array<[string, string[] | typeof ERR]> = [
    ['hello', ['hello']],
    ['hello${hi}bye', ['hellohibye']],
    ['hello${space}bye', ['helloabc', 'defbye']],
    ['hello"${space}"bye', ['helloabc  defbye']],
    ['hello "${space}"bye', ['hello', 'abc  defbye']],
    ['hello${leading}def', ['hello', 'ab', 'cdef']],
    ['hello"${leading}" def', ['hello  ab c', 'def']],
    ['hello${trailing}d', ['helloab', 'c', 'd']],
    ['hel"lo${trailing}"', ['helloab c   ']],
    ['hello" there  "', ['hello there  ']],
    ['hello there     ', ['hello', 'there']],
    ['hello\\ there', ['hello there']],
    ['hello" there', ERR],
    ['hello\\" there', ['hello"', 'there']],
    ['hello"\\\\there"', ['hello\\there']],
    ['hello"\\there"', ['hello\\there']],
    ["hello'\\\\there'", ['hello\\\\there']],
    ["hello'$there'", ['hello$there']],
    ['""', []],
    ['a ${x:-b c} d', ['a', 'b', 'c', 'd']],
    ['pre${x:-b c}post', ['preb', 'cpost']],
    ['cat << EOF', ['cat', '<< EOF']],
  ];
  for (const [src, want] of cases) {
    if (want === ERR) assert.throws(() => lex.processWords(src, env), src);
    else assert.deepEqual(lex.processWords(src, env), want, src);
  }
});

test('modifiers: -, +, ? with and without the colon', () => {
  const lex = new ShellLex('\\');
  const env = new Map([
    ['FOO', 'xxx'],
    ['BAR', ''],
  ]);
  assert.equal(lex.processWord('${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', env), 'xxx  ccc');
  assert.equal(lex.processWord('${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', env), 'xxx bbb ccc');
  assert.equal(lex.processWord('${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}', env), 'aaa bbb ');
  assert.equal(lex.processWord('${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', env), 'aaa  ');
  assert.equal(lex.processWord('${FOO?aaa}', env), 'xxx');
  assert.equal(lex.processWord('${BAR?bbb}', env), '');
  assert.throws(() => lex.processWord('${BAZ?ccc}', env), { message: 'failed to process "${BAZ?ccc}": BAZ: ccc' });
  assert.throws(() => lex.processWord('${BAR:?}', env), { message: 'failed to process "${BAR:?}": BAR: is not allowed to be empty' });
  assert.throws(() => lex.processWord('${BAZ?}', env), { message: 'failed to process "${BAZ?}": BAZ: is not allowed to be unset' });
  assert.throws(() => lex.processWord('${VAR:?message here$FOO}', emptyEnv), /VAR: message here$/);
  for (const bad of ['${FOO=aaa}', '${FOO=:aaa}', '${FOO:#}', '${FOO:##}', '${FOO:%}', '${FOO:%%}']) {
    assert.throws(() => lex.processWord(bad, env), /unsupported modifier/, bad);
  }
});

test('pattern modifiers: # ## % %% / //', () => {
  const lex = new ShellLex('\\');
  const cases: Array<[string, Record<string, string>, string]> = [
    ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' }, 'x'],
    ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx'],
    ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y'],
    ['${FOO#*}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' }, 'xyy'],
    ['${FOO##*x}', { FOO: 'xxyy' }, 'yy'],
    ['${FOO#?\\?}', { FOO: '???y' }, '?y'],
    ['${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' }, '.xxyy.'],
    ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a'],
    ['${FOO%y*}', { FOO: 'xxyy' }, 'xxy'],
    ['${FOO%%y*}', { FOO: 'xxyy' }, 'xx'],
    ['${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' }, '/foo.*/*.txt - /foo..*.txt'],
    ['${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' }, '/tmp/bar.txt - /bar.txt'],
    ['${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}', { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' }, '/foo/b/c.txt - /foo/c.txt'],
    ['${FOO/$NEEDLE/$REPLACEMENT}', { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' }, 'https://google.de'],
    ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, '\\/tmp\\/foo.txt'],
    ['${FOO/$BAR/ww}', { FOO: 'xxyy', BAR: '' }, 'wwxxyy'],
    ['${FOO///}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO///}', {}, ''],
    // Go's ReplaceAll skips an empty match right after a match, and expands $0 in the replacement
    // (reachable only as \$0, whose backslash the raw replacement keeps).
    ['${FOO//*/x}', { FOO: 'abc' }, 'x'],
    ['${FOO//b/[\\$0]}', { FOO: 'abcb' }, 'a[\\b]c[\\b]'],
  ];
  for (const [src, env, want] of cases) assert.equal(lex.processWord(src, new Map(Object.entries(env))), want, src);
  assert.throws(() => lex.processWord('${FOO//ww}', new Map([['FOO', 'x']])), /missing '\/' in \$\{\}/);
  assert.throws(() => lex.processWord('${FOO#\\x}', new Map([['FOO', 'x']])), /invalid pattern \(\\x\) in substitution: invalid escape '\\x'/);
});

test('pattern modifiers match in linear time: a Dockerfile cannot hold the daemon', () => {
  const lex = new ShellLex('\\');
  // A backtracking matcher needs about n^7 steps for each of these.
  const env = new Map([['V', 'a'.repeat(5000)]]);
  assert.equal(lex.processWord('${V//*a*a*a*a*a*a*ab/x}', env), 'a'.repeat(5000));
  assert.equal(lex.processWord('${V#*a*a*a*a*a*a*ab}', env), 'a'.repeat(5000));
  assert.equal(lex.processWord('${V%%*a*a*a*a*a*a*ab}', env), 'a'.repeat(5000));
});

test('positional and special parameters are never set', () => {
  const lex = new ShellLex('\\');
  for (const p of ['1', '9', '999', '001', '@', '*', '#', '?', '-', '$', '!', '0']) {
    assert.equal(lex.processWord(`$${p}`, emptyEnv), '', p);
    assert.equal(lex.processWord(`\${${p}:-bbb}`, emptyEnv), 'bbb', p);
    assert.equal(lex.processWord(`\${${p}:+bbb}`, emptyEnv), '', p);
  }
  assert.equal(lex.processWord('$@@@', emptyEnv), '@@');
  assert.equal(lex.processWord('$999aaa', emptyEnv), 'aaa');
});

test('the escape character is the one the Dockerfile chose', () => {
  const lex = new ShellLex('`');
  const env = new Map([['A', 'x']]);
  assert.equal(lex.processWord('`$A $A', env), '$A x');
  assert.equal(lex.processWord('C:\\path\\$A', env), 'C:\\path\\x');
  assert.equal(lex.processWord('"say `"hi`""', env), 'say "hi"');
});

test('matched and unmatched variables are reported', () => {
  const lex = new ShellLex('\\');
  const r = lex.process('${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc} $FOO', new Map([['FOO', 'xxx'], ['BAR', '']]));
  assert.equal(r.result, 'xxx bbb ccc xxx');
  assert.deepEqual([...r.matched].sort(), ['BAR', 'FOO']);
  assert.deepEqual([...r.unmatched], ['BAZ']);
});

test('options: skipUnsetEnv keeps references, rawQuotes keeps quotes, skipProcessQuotes ignores them', () => {
  const keep = new ShellLex('\\', { skipUnsetEnv: true });
  assert.equal(keep.processWord('$A ${B} ${C:-x} ${D/a/b} $SET', new Map([['SET', 'v']])), '$A ${B} ${C:-x} ${D/a/b} v');
  const raw = new ShellLex('\\', { rawQuotes: true });
  assert.equal(raw.processWord(`"a b"'c'`, emptyEnv), `"a b"'c'`);
  const literal = new ShellLex('\\', { skipProcessQuotes: true });
  assert.equal(literal.processWord(`it's "$X"`, new Map([['X', 'y']])), `it's "y"`);
  const rawEsc = new ShellLex('\\', { rawEscapes: true });
  assert.equal(rawEsc.processWord('a\\ b', emptyEnv), 'a\\ b');
});

test('envFromList: the last value of a key wins; a bare key is empty', () => {
  const env = envFromList(['foo=bar', 'car=hat', 'car=bike', 'empty', 'eq=a=b']);
  assert.equal(env.get('car'), 'bike');
  assert.equal(env.get('empty'), '');
  assert.equal(env.get('eq'), 'a=b');
  assert.equal(env.get('nope'), undefined);
});
