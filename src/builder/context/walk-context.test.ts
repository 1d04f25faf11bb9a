import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { contextPatterns, ignoreMatcher, PatternMatcher, readDockerignore } from './dockerignore.js';
import { byteOrder, walkContext } from './walk-context.js';

let root = '';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  const files = [
    'Dockerfile',
    '.dockerignore',
    'README.md',
    'B.txt',
    'z.txt',
    'é.txt',
    'docs/a.md',
    'docs/README.md',
    'node_modules/x/y.js',
    'src/main.go',
    'src/vendor/lib.go',
    'tmp/keep/k.txt',
    'tmp/other.txt',
    'cache/keep2/k.txt',
  ];
  for (const f of files) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), f);
  }
  await mkdir(join(root, 'empty'));
  await symlink('src', join(root, 'link'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function walk(matcher: PatternMatcher): Promise<string[]> {
  const out: string[] = [];
  for await (const e of walkContext(root, matcher)) out.push(e.type === 'file' ? e.rel : `${e.rel} (${e.type})`);
  return out;
}

test('everything is walked in byte order, symlinks not followed', async () => {
  assert.deepEqual(await walk(new PatternMatcher([])), [
    '.dockerignore',
    'B.txt',
    'Dockerfile',
    'README.md',
    'cache (dir)',
    'cache/keep2 (dir)',
    'cache/keep2/k.txt',
    'docs (dir)',
    'docs/README.md',
    'docs/a.md',
    'empty (dir)',
    'link (symlink)',
    'node_modules (dir)',
    'node_modules/x (dir)',
    'node_modules/x/y.js',
    'src (dir)',
    'src/main.go',
    'src/vendor (dir)',
    'src/vendor/lib.go',
    'tmp (dir)',
    'tmp/keep (dir)',
    'tmp/keep/k.txt',
    'tmp/other.txt',
    'z.txt',
    'é.txt',
  ]);
});

test('.dockerignore: excluded directories skipped unless an exception names something inside', async () => {
  const text = ['*', '!src', '**/vendor', '!docs/README.md', '!tmp/keep', '!*/keep2', '!empty', '!link'].join('\n');
  const matcher = new PatternMatcher(contextPatterns(readDockerignore(text)));
  assert.deepEqual(await walk(matcher), [
    '.dockerignore',
    'Dockerfile',
    // docs is excluded but walked for docs/README.md; the directory entry itself is not sent.
    'docs/README.md',
    'empty (dir)',
    'link (symlink)',
    'src (dir)',
    'src/main.go',
    'tmp/keep (dir)',
    'tmp/keep/k.txt',
    // cache stays skipped: `!*/keep2` is a wildcard, not a prefix of cache/.
  ]);
});

test('without exceptions an excluded directory is never entered', async () => {
  assert.deepEqual(await walk(ignoreMatcher('*\n')), []);
  const text = '**/*.go\nnode_modules\ntmp/keep\ndocs\n.*\n*.txt\nB*\n*.md\nD*\nempty\nlink\ncache';
  assert.deepEqual(await walk(ignoreMatcher(text)), ['src (dir)', 'src/vendor (dir)', 'tmp (dir)', 'tmp/other.txt']);
});

test('byteOrder sorts as Go sorts names', () => {
  assert.deepEqual(['b', 'B', 'é', 'a', '\u{1F600}', '\uFFFD', 'aa'].sort(byteOrder), ['B', 'a', 'aa', 'b', 'é', '\uFFFD', '\u{1F600}']);
});
