import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile, link } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { planCopy, splitCpArg, splitPathDirEntry } from './cp-plan.js';
import { extractToHost } from './host-tar-extract.js';
import { tarHostPath } from './host-tar-pack.js';
import { rebaseName, rebaseTar } from './tar-rebase.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function entries(stream: NodeJS.ReadableStream): Promise<Array<{ name: string; type: string; linkname?: string; body: string }>> {
  const out: Array<{ name: string; type: string; linkname?: string; body: string }> = [];
  const extract = tar.extract();
  const done = (async () => {
    for await (const e of extract) {
      const chunks: Buffer[] = [];
      for await (const c of e) chunks.push(c as Buffer);
      out.push({ name: e.header.name, type: e.header.type, linkname: e.header.linkname || undefined, body: Buffer.concat(chunks).toString() });
    }
  })();
  (stream as Readable).pipe(extract);
  await done;
  return out;
}

function tarOf(items: Array<{ name: string; type?: 'file' | 'directory' | 'symlink' | 'link'; body?: string; linkname?: string }>): Readable {
  const pack = tar.pack();
  for (const i of items) pack.entry({ name: i.name, type: i.type ?? 'file', linkname: i.linkname, mode: i.type === 'directory' ? 0o755 : 0o644 }, i.body ?? '');
  pack.finalize();
  return Readable.from(pack);
}

test('cp arguments and path splitting', () => {
  assert.deepEqual(splitCpArg('web:/etc/hosts'), { container: 'web', path: '/etc/hosts' });
  assert.deepEqual(splitCpArg('./a:b'), { path: './a:b' });
  assert.deepEqual(splitCpArg('/abs:x'), { path: '/abs:x' });
  assert.deepEqual(splitCpArg('-'), { path: '-' });
  assert.deepEqual(splitCpArg('file'), { path: 'file' });
  assert.deepEqual(splitPathDirEntry('/a/b/'), { dir: '/a', base: 'b' });
  assert.deepEqual(splitPathDirEntry('/a/b/.'), { dir: '/a/b', base: '.' });
  assert.deepEqual(splitPathDirEntry('out'), { dir: '.', base: 'out' });
});

test("docker's copy rules", () => {
  const file = { base: 'hosts', isDir: false };
  const dir = { base: 'etc', isDir: true };
  assert.deepEqual(planCopy(file, { path: '/tmp', exists: true, isDir: true }), { dir: '/tmp' });
  assert.deepEqual(planCopy(file, { path: '/tmp/h2', exists: true, isDir: false }), { dir: '/tmp', name: 'h2' });
  assert.deepEqual(planCopy(file, { path: '/tmp/new', exists: false, isDir: false }), { dir: '/tmp', name: 'new' });
  assert.deepEqual(planCopy(dir, { path: '/tmp/newdir', exists: false, isDir: false }), { dir: '/tmp', name: 'newdir' });
  assert.deepEqual(planCopy({ base: '.', isDir: true }, { path: '/tmp/x', exists: false, isDir: false }), { dir: '/tmp', name: 'x' });
  assert.throws(() => planCopy(dir, { path: '/tmp/f', exists: true, isDir: false }), /cannot copy directory/);
  assert.throws(() => planCopy(file, { path: '/tmp/nodir/', exists: false, isDir: false }), /no such directory/);
});

test('rebasing entry names', async () => {
  assert.equal(rebaseName('etc', 'etc', 'conf'), 'conf');
  assert.equal(rebaseName('etc/', 'etc', 'conf'), 'conf/');
  assert.equal(rebaseName('etc/passwd', 'etc', 'conf'), 'conf/passwd');
  assert.equal(rebaseName('etcetera', 'etc', 'conf'), 'etcetera');
  assert.equal(rebaseName('./a', '.', 'x'), 'x/a');
  assert.equal(rebaseName('./', '.', 'x'), 'x/');
  const got = await entries(rebaseTar(tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/a', body: 'A' }, { name: 'etc/b', type: 'link', linkname: 'etc/a' }]), 'etc', 'conf'));
  assert.deepEqual(got.map((e) => [e.name, e.linkname, e.body]), [['conf/', undefined, ''], ['conf/a', undefined, 'A'], ['conf/b', 'conf/a', '']]);
});

test('host tree to tar and back', async () => {
  await withTmp(async (tmp) => {
    const src = join(tmp, 'src');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'sub', 'f'), 'hello');
    await link(join(src, 'sub', 'f'), join(src, 'hard'));
    await symlink('sub/f', join(src, 'ln'));
    const named = await entries(tarHostPath(src, 'app'));
    assert.deepEqual(named.map((e) => [e.name, e.type]), [['app/', 'directory'], ['app/hard', 'file'], ['app/ln', 'symlink'], ['app/sub/', 'directory'], ['app/sub/f', 'link']]);
    assert.deepEqual((await entries(tarHostPath(src, undefined))).map((e) => e.name), ['hard', 'ln', 'sub/', 'sub/f']);

    const dst = join(tmp, 'dst');
    await mkdir(dst);
    await extractToHost(tarHostPath(src, 'app'), dst);
    assert.equal(await readFile(join(dst, 'app', 'sub', 'f'), 'utf8'), 'hello');
    assert.equal(await readlink(join(dst, 'app', 'ln')), 'sub/f');
    assert.equal((await stat(join(dst, 'app', 'hard'))).ino, (await stat(join(dst, 'app', 'sub', 'f'))).ino);
  });
});

test('extraction stays inside the destination', async () => {
  await withTmp(async (tmp) => {
    const dst = join(tmp, 'dst');
    const outside = join(tmp, 'outside');
    await mkdir(dst);
    await mkdir(outside);
    await assert.rejects(extractToHost(tarOf([{ name: 'esc', type: 'symlink', linkname: outside }, { name: 'esc/pwned', body: 'x' }]), dst), /is a symlink/);
    await assert.rejects(lstat(join(outside, 'pwned')), { code: 'ENOENT' });
    await extractToHost(tarOf([{ name: '../../up', body: 'contained' }, { name: '/abs', body: 'also' }]), dst);
    assert.equal(await readFile(join(dst, 'up'), 'utf8'), 'contained');
    assert.equal(await readFile(join(dst, 'abs'), 'utf8'), 'also');
    await mkdir(join(dst, 'adir'));
    await assert.rejects(extractToHost(tarOf([{ name: 'adir', body: 'file over dir' }]), dst), /cannot overwrite directory/);
  });
});
