import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { parseDockerfile } from './dockerfile.js';
import { DockerfileError } from './errors.js';
import { parseAst } from './parser.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

test('line numbers follow continuations, comments and blank lines', () => {
  const src = [
    '# ESCAPE=\\',
    '',
    '',
    '',
    'FROM brimstone/ubuntu:14.04',
    '',
    '',
    '# TORUN -v /var/run/docker.sock:/var/run/docker.sock',
    '',
    '',
    'ENV GOPATH \\',
    '/go',
    '',
    '',
    '',
    '# Install the packages we need',
    'RUN apt-get update \\',
    "\t&& dpkg -l | awk '/^ii/ {print $2}' > /tmp/dpkg.clean \\",
    '',
    '',
    '    && apt-get clean \\',
    '# a comment in the middle',
    '\t&& rm -rf $GOPATH',
    '',
  ].join('\n');
  const { nodes, warnings, directives } = parseAst(src);
  assert.deepEqual(
    nodes.map((n) => [n.keyword, n.startLine, n.endLine]),
    [
      ['FROM', 5, 5],
      ['ENV', 11, 12],
      ['RUN', 17, 23],
    ],
  );
  assert.deepEqual(directives, [{ name: 'escape', value: '\\', line: 1 }]);
  assert.equal(nodes[2]?.original, "RUN apt-get update \t&& dpkg -l | awk '/^ii/ {print $2}' > /tmp/dpkg.clean     && apt-get clean \t&& rm -rf $GOPATH");
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]?.message ?? '', /^Empty continuation line found in: RUN apt-get update/);
});

test('parser directives: only at the top, once each, names case-insensitive', () => {
  const df = parseDockerfile(lines('# syntax = docker/dockerfile:1 // opts', '#EScape=`', '# check=skip=all', 'FROM a', 'RUN echo `', '  hi'));
  assert.equal(df.syntax, 'docker/dockerfile:1 // opts');
  assert.equal(df.escapeToken, '`');
  assert.deepEqual(
    df.directives.map((d) => [d.name, d.value]),
    [
      ['syntax', 'docker/dockerfile:1 // opts'],
      ['escape', '`'],
      ['check', 'skip=all'],
    ],
  );
  const run = df.instructions[1];
  assert.equal(run?.kind === 'RUN' && run.command.args[0], 'echo   hi');

  // After a blank line, a comment or an unknown directive, `# escape=` is just a comment.
  for (const head of ['', '# hello', '# unknown=x', 'FROM a']) {
    assert.equal(parseDockerfile(lines(head, '# escape=`', 'FROM a')).escapeToken, '\\', head);
  }
  assert.throws(() => parseDockerfile(lines('# escape=\\', '# escape=`', 'FROM a')), {
    message: 'only one escape parser directive can be used',
    startLine: 2,
  });
  assert.throws(() => parseDockerfile(lines('# escape=x', 'FROM a')), { message: "invalid escape token 'x' does not match ` or \\" });
});

test('backslash escapes continue lines; an escaped escape does not', () => {
  const df = parseDockerfile(lines('FROM a', 'RUN echo a \\', '  b', 'RUN echo c\\\\', 'RUN echo d \\  ', '\\', 'e'));
  const cmds = df.instructions.slice(1).map((i) => (i.kind === 'RUN' ? i.command.args[0] : ''));
  // A line-only escape (`\` alone) joins nothing but keeps the continuation going.
  assert.deepEqual(cmds, ['echo a   b', 'echo c\\\\', 'echo d e']);
});

test('comments are dropped, also inside continuations; a trailing # is not a comment', () => {
  const df = parseDockerfile(lines('FROM a', '  # indented comment', 'RUN echo a \\', '# comment', '   # comment', ' b', 'RUN echo # not a comment'));
  const cmds = df.instructions.slice(1).map((i) => (i.kind === 'RUN' ? i.command.args[0] : ''));
  assert.deepEqual(cmds, ['echo a  b', 'echo # not a comment']);
  assert.throws(() => parseDockerfile('FROM a # x y\n'), /FROM requires either one or three arguments/);
});

test('a byte order mark and CRLF line endings are accepted', () => {
  const df = parseDockerfile('\uFEFF# escape=`\r\nFROM a\r\nRUN echo `\r\n  b\r\n');
  assert.equal(df.escapeToken, '`');
  const run = df.instructions[1];
  assert.equal(run?.kind === 'RUN' && run.command.args[0], 'echo   b');
});

test('empty and comment-only files have no instructions', () => {
  for (const src of ['', '\n\n', '# just a comment\n', 'FROM a \\\n']) {
    if (src === 'FROM a \\\n') {
      assert.equal(parseDockerfile(src).instructions.length, 1);
      continue;
    }
    assert.throws(() => parseAst(src), (e) => e instanceof DockerfileError && e.message === 'file with no instructions' && isInvalidArgument(e));
  }
});

test('a line over 64KiB is refused like Docker', () => {
  assert.throws(() => parseAst(`FROM a\nRUN ${'x'.repeat(70000)}\n`), { message: 'dockerfile line greater than max allowed size of 65535', startLine: 2 });
});

test('instruction errors name their line: dockerfile parse error on line N', () => {
  const err = (src: string) => {
    try {
      parseDockerfile(src);
    } catch (e) {
      assert.ok(e instanceof DockerfileError);
      assert.ok(isInvalidArgument(e));
      return [e.message, e.startLine, e.endLine];
    }
    assert.fail('no error');
  };
  assert.deepEqual(err(lines('FROM busybox', '', 'RUNN echo')), ['dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)', 3, 3]);
  assert.deepEqual(err(lines('FROM busybox', 'cpoy a b')), ['dockerfile parse error on line 2: unknown instruction: cpoy (did you mean copy?)', 2, 2]);
  assert.deepEqual(err(lines('FROM busybox', 'FOOBAR x')), ['dockerfile parse error on line 2: unknown instruction: FOOBAR', 2, 2]);
  // Errors found while splitting a line come without the prefix, as in Docker; line-level errors win.
  assert.deepEqual(err(lines('FROM a', 'ENV \\', '  x')), ['ENV must have two arguments', 2, 3]);
  assert.deepEqual(err(lines('FROM a', 'RUNN x', 'RUN <<EOF')), ['unterminated heredoc', 3, 3]);
});

test('JSON arrays: exec form when valid, shell form otherwise, refused when not all strings', () => {
  const df = parseDockerfile(lines('FROM a', 'CMD ["a", "b c"]', 'CMD [ "a" ] trailing', 'CMD ["unclosed"', "CMD ['single']", 'CMD []'));
  const cmds = df.instructions.slice(1).map((i) => (i.kind === 'CMD' ? i.command : undefined));
  assert.deepEqual(cmds, [
    { args: ['a', 'b c'], shellForm: false },
    { args: ['[ "a" ] trailing'], shellForm: true },
    { args: ['["unclosed"'], shellForm: true },
    { args: ["['single']"], shellForm: true },
    { args: [], shellForm: false },
  ]);
  assert.throws(() => parseDockerfile(lines('FROM a', 'CMD ["a", 1]')), {
    message: 'when using JSON array syntax, arrays must be comprised of strings only',
    startLine: 2,
  });
});

test('flags before the arguments: quoted, escaped, ended by --', () => {
  const { nodes } = parseAst(lines('FROM a', 'COPY --from="my stage" --chown=a\\ b src dst', 'COPY -- --from=x dst', 'COPY src --from=x dst'));
  assert.deepEqual(nodes[1]?.flags, ['--from=my stage', '--chown=a b']);
  assert.deepEqual(nodes[1]?.args, ['src', 'dst']);
  assert.deepEqual(nodes[2]?.flags, []);
  assert.deepEqual(nodes[2]?.args, ['--from=x', 'dst']);
  assert.deepEqual(nodes[3]?.args, ['src', '--from=x', 'dst']);
});
