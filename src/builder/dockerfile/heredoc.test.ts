import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chompHeredocContent, heredocsFromLine, mustParseHeredoc, parseHeredoc } from './heredoc.js';
import { parseAst } from './parser.js';

test('heredoc words: which are heredocs, which are not, which are malformed', () => {
  for (const w of ['<<EOF', "<<'EOF'", '<<"EOF"', '<<-EOF', "<<-'EOF'", '<<-"EOF"', '<<EO"F"', '<< EOF', '<<- EOF']) {
    assert.equal(parseHeredoc(w)?.name, 'EOF', w);
  }
  for (const w of ['', 'EOF', '<<', '<<-', '<EOF', '<<<EOF', '<<EOF sh']) assert.equal(parseHeredoc(w), undefined, w);
  for (const w of ["<<'EOF", '<<"EOF', "<<EOF'", '<<EOF"']) {
    assert.throws(() => parseHeredoc(w), w);
    assert.equal(mustParseHeredoc(w), undefined, w);
  }
  assert.deepEqual(parseHeredoc('3<<-"X"'), { name: 'X', fileDescriptor: 3, expand: false, chomp: true, content: '' });
});

test('heredocs on an instruction line', () => {
  const names = (line: string) => heredocsFromLine(line).map((h) => h.name);
  assert.deepEqual(names('RUN <<EOF'), ['EOF']);
  // The lexer keeps `<< ` (with its space) in one word but not `<<- `: Docker finds no heredoc here.
  assert.deepEqual(names('RUN <<- EOF'), []);
  assert.deepEqual(names('RUN << EOF'), ['EOF']);
  assert.deepEqual(names('RUN << -EOF'), ['-EOF']);
  assert.deepEqual(names('RUN 4<<EOF'), ['EOF']);
  assert.deepEqual(names('RUN <<EOF <<EOF2'), ['EOF', 'EOF2']);
  assert.deepEqual(names("RUN '<<EOF'"), []);
  assert.deepEqual(names('RUN "<<EOF"'), []);
  assert.deepEqual(names('RUN echo "unterminated <<EOF'), []);
});

test('bodies are read after the line, in order, with expansion decided by quoting', () => {
  const src = [
    'FROM alpine',
    'RUN <<EMPTY',
    'EMPTY',
    'RUN 3<<EMPTY2',
    'EMPTY2',
    'RUN "<<NOHEREDOC"',
    'RUN <<INDENT',
    '\tfoo',
    '\tbar',
    'INDENT',
    'RUN <<-UNINDENT',
    '\tbaz',
    '\tUNINDENT',
    "RUN <<-'NOEXPAND'",
    "\tdon't expand $NAME",
    'NOEXPAND',
    'RUN <<COMMENT',
    '# internal comment',
    'echo foo bar # trailing \\',
    'COMMENT',
    'COPY <<X <<Y /dest',
    'Y',
    'X',
    'X',
    'Y',
    "RUN <<eo'f'",
    'echo foo',
    'eof',
    "RUN <<eo\\'f",
    'echo foo',
    "eo'f",
    "RUN <<'one two'",
    'echo bar',
    'one two',
    'RUN <<$EOF',
    '$EOF',
    'RUN <<  EOF  > foo',
    'EOF',
    'RUN ["<<EOF"]',
    'USER <<INVALID',
    'ONBUILD RUN <<T',
    'x',
    'T',
    '',
  ].join('\n');
  const { nodes } = parseAst(src);
  const docs = nodes.map((n) => n.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp, h.fileDescriptor]));
  assert.deepEqual(docs, [
    [],
    [['EMPTY', '', true, false, 0]],
    [['EMPTY2', '', true, false, 3]],
    [],
    [['INDENT', '\tfoo\n\tbar\n', true, false, 0]],
    [['UNINDENT', '\tbaz\n', true, true, 0]],
    [['NOEXPAND', "\tdon't expand $NAME\n", false, true, 0]],
    [['COMMENT', '# internal comment\necho foo bar # trailing \\\n', true, false, 0]],
    [
      ['X', 'Y\n', true, false, 0],
      ['Y', 'X\n', true, false, 0],
    ],
    [['eof', 'echo foo\n', false, false, 0]],
    [["eo'f", 'echo foo\n', true, false, 0]],
    [['one two', 'echo bar\n', false, false, 0]],
    [['$EOF', '', true, false, 0]],
    [['EOF', '', true, false, 0]],
    [],
    [],
    [['T', 'x\n', true, false, 0]],
  ]);
  assert.equal(nodes[nodes.length - 1]?.startLine, 41);
  assert.equal(nodes[nodes.length - 1]?.endLine, 43);
});

test('an unterminated heredoc is an error at its instruction', () => {
  assert.throws(() => parseAst('FROM a\nRUN <<EOF\necho\n'), { message: 'unterminated heredoc', startLine: 2, endLine: 3 });
});

test('<<- strips leading tabs from every line', () => {
  assert.equal(chompHeredocContent('\thello\n\t\tworld\n  kept\n'), 'hello\nworld\n  kept\n');
});
