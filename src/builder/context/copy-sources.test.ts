import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { isInvalidArgument } from '../../errdefs/index.js';
import { resolveCopySources } from './copy-sources.js';

let base = '';
let root = '';

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  root = join(base, 'ctx');
  for (const f of ['a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'x[1].txt', 'q*.txt']) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), f);
  }
  await writeFile(join(base, 'outside'), 'secret');
  await symlink('dir/b.txt', join(root, 'link-in'));
  await symlink('dir', join(root, 'dirlink'));
  await symlink('../b.txt', join(root, 'dir/sub/up'));
  await symlink('/etc/passwd', join(root, 'link-abs'));
  await symlink('../outside', join(root, 'link-up'));
  await symlink('../ctx/a.txt', join(root, 'link-roundtrip'));
  await symlink('loop', join(root, 'loop'));
});

after(async () => {
  await rm(base, { recursive: true, force: true });
});

const rels = async (...sources: string[]) => (await resolveCopySources(root, sources)).map((s) => [s.rel, s.resolved, s.isDir]);

test('plain sources name one path; leading / and ./ are context-relative', async () => {
  assert.deepEqual(await rels('a.txt', '/dir/', './dir/sub/c.txt', '.'), [
    ['a.txt', 'a.txt', false],
    ['dir', 'dir', true],
    ['dir/sub/c.txt', 'dir/sub/c.txt', false],
    ['', '', true],
  ]);
  const [s] = await resolveCopySources(root, ['dir/../a.txt']);
  assert.deepEqual([s?.source, s?.rel, s?.hostPath], ['dir/../a.txt', 'a.txt', join(root, 'a.txt')]);
  // A name with [ or * is a pattern (a class names a literal bracket); a source whose wildcards
  // are all escaped is taken as written, backslashes included.
  assert.deepEqual(await rels('x[[]1].txt'), [['x[1].txt', 'x[1].txt', false]]);
  await assert.rejects(resolveCopySources(root, ['x[1].txt']), { message: 'no source files were specified' });
  await assert.rejects(resolveCopySources(root, ['x\\[1\\].txt']), /file does not exist/);
  await assert.rejects(resolveCopySources(root, ['q\\*.txt']), /stat q\\\*\.txt: file does not exist/);
});

test('wildcards match whole context paths with filepath.Match, in walk order', async () => {
  assert.deepEqual((await rels('*.txt')).map((r) => r[0]), ['a.txt', 'q*.txt', 'x[1].txt']);
  assert.deepEqual((await rels('dir/*')).map((r) => r[0]), ['dir/b.txt', 'dir/sub']);
  // dirlink is a symlink: the walk does not enter it.
  assert.deepEqual((await rels('*/b.txt')).map((r) => r[0]), ['dir/b.txt']);
  assert.deepEqual((await rels('d?r')).map((r) => r[0]), ['dir']);
  assert.deepEqual((await rels('[ab].txt', 'dir/sub/[c].txt')).map((r) => r[0]), ['a.txt', 'dir/sub/c.txt']);
  // `**` is just `*` here, as in Docker's COPY.
  assert.deepEqual((await rels('**.txt')).map((r) => r[0]), ['a.txt', 'q*.txt', 'x[1].txt']);
  await assert.rejects(resolveCopySources(root, ['**/c.txt']), { message: 'no source files were specified' });
});

test('symlinks are followed inside the context', async () => {
  assert.deepEqual(await rels('link-in', 'dirlink/sub/c.txt', 'dirlink', 'dir/sub/up'), [
    ['link-in', 'dir/b.txt', false],
    ['dirlink/sub/c.txt', 'dir/sub/c.txt', false],
    ['dirlink', 'dir', true],
    ['dir/sub/up', 'dir/b.txt', false],
  ]);
});

test('paths and symlinks leading out of the context are refused', async () => {
  const refused = async (source: string, message: string | RegExp) =>
    assert.rejects(resolveCopySources(root, [source]), (e: Error) => isInvalidArgument(e) && (typeof message === 'string' ? e.message === message : message.test(e.message)), source);
  await refused('../outside', 'forbidden path outside the build context: ../outside ()');
  await refused('dir/../../outside', 'forbidden path outside the build context: dir/../../outside ()');
  await refused('link-abs', 'forbidden path outside the build context: link-abs (/etc/passwd)');
  await refused('link-up', /^forbidden path outside the build context: link-up /);
  await refused('link-roundtrip', /^forbidden path outside the build context: link-roundtrip /);
  await refused('link-*', /^forbidden path outside the build context: link-abs /);
  await refused('loop', 'too many levels of symbolic links resolving loop');
});

test('missing sources: Docker\'s messages', async () => {
  await assert.rejects(resolveCopySources(root, ['nope.txt']), { message: 'file not found in build context or excluded by .dockerignore: stat nope.txt: file does not exist' });
  await assert.rejects(resolveCopySources(root, ['a.txt/x']), { message: 'file not found in build context or excluded by .dockerignore: stat a.txt/x: file does not exist' });
  await assert.rejects(resolveCopySources(root, ['*.none']), { message: 'no source files were specified' });
  await assert.rejects(resolveCopySources(root, ['[']), { message: 'no source files were specified' });
});
