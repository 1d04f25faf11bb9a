import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextPatterns, ignoreMatcher, PatternMatcher, readDockerignore, type ParentMatches } from './dockerignore.js';

/** The walk form: parents matched first, each handing its per-pattern results down (how the context tar is built). */
function walkExcludes(pm: PatternMatcher, file: string): boolean {
  const parts = file.split('/');
  let info: ParentMatches | undefined;
  for (let i = 1; i < parts.length; i++) info = pm.excludesInWalk(parts.slice(0, i).join('/'), info).info;
  return pm.excludesInWalk(file, info).excluded;
}

// patternmatcher's own table: [pattern, path, excluded].
const SINGLE: Array<[string, string, boolean]> = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', '/', true],
  ['**/', '/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\*b', 'a*b', true],
  ['a]b', 'a]b', true],
  ['a\\-*', 'a-b', true],
  ['[a\\-]*', '-x', true],
  ['x/[ab]/**', 'x/a/y', true],
];

const MULTI: Array<[string[], string, boolean]> = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['docs', '!docs/README.md'], 'docs/README.md', false],
  [['docs/', '!docs/README.md'], 'docs/README.md', false],
  [['docs/*', '!docs/README.md'], 'docs/README.md', false],
  [['*.go', '!fileutils.go'], 'fileutils.go', false],
  [['!fileutils.go', '*.go'], 'fileutils.go', true],
];

test('patterns match a path or any parent directory (all three of Docker\'s ways agree)', () => {
  for (const [pattern, path, want] of SINGLE) {
    const pm = new PatternMatcher([pattern]);
    const label = `${pattern} ~ ${path}`;
    assert.equal(pm.excludesInWalk(path).excluded, want, `no context: ${label}`);
    assert.equal(walkExcludes(pm, path), want, `walk: ${label}`);
    assert.equal(pm.excludes(path), want, `or-parent: ${label}`);
  }
  for (const [patterns, path, want] of MULTI) {
    const pm = new PatternMatcher(patterns);
    assert.equal(pm.excludesInWalk(path).excluded, want, `no context: ${patterns}`);
    assert.equal(walkExcludes(pm, path), want, `walk: ${patterns}`);
    assert.equal(pm.excludes(path), want, `or-parent: ${patterns}`);
  }
});

test('the legacy single-parent match the CLI uses for Dockerfile and .dockerignore', () => {
  const legacy = (patterns: string[], path: string) => new PatternMatcher(patterns).matchesLegacy(path);
  assert.equal(legacy(['*'], 'fileutils.go'), true);
  assert.equal(legacy(['a*'], 'ab/c'), true);
  assert.equal(legacy(['*.go'], '.'), false);
  assert.equal(legacy([], '/any/path/there'), false);
  // It looks only as deep as the pattern: `**/foo` is two elements, so only a/b is tried for a/b/foo/c.
  assert.equal(legacy(['**/foo'], 'a/b/foo/c'), false);
  assert.equal(new PatternMatcher(['**/foo']).excludes('a/b/foo/c'), true);
});

test('patterns from a context match in linear time (Go regexp), so the daemon cannot be held by one', () => {
  // A backtracking matcher needs about n^7 steps for the first, 2^n for the second.
  const pm = new PatternMatcher(['*a*a*a*a*a*a*ab', '**/a?a?a?a?a?a?a?a?a?a?b']);
  assert.equal(pm.excludes('a'.repeat(5000)), false);
  assert.equal(pm.excludes(`${'a/'.repeat(500)}${'a'.repeat(500)}`), false);
  assert.equal(pm.excludes(`x${'a'.repeat(7)}b`), true);
});

test('bad patterns', () => {
  assert.throws(() => new PatternMatcher(['!']), { message: 'illegal exclusion pattern: "!"' });
  assert.throws(() => new PatternMatcher(['[']), { message: 'syntax error in pattern' });
  assert.throws(() => new PatternMatcher(['[Local-Only]/']), { message: 'syntax error in pattern' });
  // filepath.Match takes `\é`, but patternmatcher's Go regexp only lets ASCII punctuation be escaped.
  assert.throws(() => new PatternMatcher(['*\\é']), { message: 'syntax error in pattern' });
  assert.equal(new PatternMatcher(['docs', 'config', '', '  ']).patterns.length, 2);
  assert.equal(new PatternMatcher(['docs', '  !docs/README.md']).hasExclusions, true);
});

test('reading .dockerignore: comments, blanks, spaces, leading /, cleaning, BOM, CRLF', () => {
  const text = '\uFEFF# comment\r\n\r\n  node_modules  \n/abs/path\n./rel/../x//y/\n! keep/me \n  # not a comment\n!/tmp\n/\n!\n';
  assert.deepEqual(readDockerignore(text), ['node_modules', 'abs/path', 'x/y', '!keep/me', '# not a comment', '!tmp', '/', '!']);
});

test('Docker\'s documented examples', () => {
  const ex = ignoreMatcher('# comment\n*/temp*\n*/*/temp*\ntemp?\n');
  for (const p of ['somedir/temporary.txt', 'somedir/temp', 'somedir/subdir/temporary.txt', 'tempa', 'tempb']) assert.equal(ex.excludes(p), true, p);
  for (const p of ['temporary.txt', 'temp', 'a/b/c/temp', 'tempab']) assert.equal(ex.excludes(p), false, p);

  assert.equal(ignoreMatcher('**/*.go').excludes('a/b/c.go'), true);

  const md = ignoreMatcher('*.md\n!README.md\n');
  assert.deepEqual(['CHANGES.md', 'README.md', 'docs/x.md'].map((p) => md.excludes(p)), [true, false, false]);

  const secret = ignoreMatcher('*.md\n!README*.md\nREADME-secret.md\n');
  assert.deepEqual(['README.md', 'README-secret.md', 'README-x.md', 'a.md'].map((p) => secret.excludes(p)), [false, true, false, true]);

  const order = ignoreMatcher('*.md\nREADME-secret.md\n!README*.md\n');
  assert.deepEqual(['README.md', 'README-secret.md', 'a.md'].map((p) => order.excludes(p)), [false, false, true]);

  // The context root itself is never excluded.
  assert.equal(ignoreMatcher('*\n**\n.\n').excludes('.'), false);
});

test('Dockerfile and .dockerignore are sent even when ignored', () => {
  assert.deepEqual(contextPatterns(['*']), ['*', '!.dockerignore', '!Dockerfile']);
  assert.deepEqual(contextPatterns(['node_modules']), ['node_modules']);
  assert.deepEqual(contextPatterns(['docker'], 'docker/./app.Dockerfile'), ['docker', '!docker/app.Dockerfile']);
  const pm = new PatternMatcher(contextPatterns(['*', '!src'], 'Dockerfile'));
  assert.deepEqual(['Dockerfile', '.dockerignore', 'src/a', 'other'].map((p) => pm.excludes(p)), [false, false, false, true]);
});
