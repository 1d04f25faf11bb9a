import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ContextStore } from './context-store.js';
import { waitFor } from '../../../test/support/wait.js';

async function tarOf(root: string, files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(root, 'src-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  // Fixed mtimes: equal trees give equal bytes.
  return execFileSync('tar', ['-C', dir, '--mtime=2020-01-01', '--owner=0', '--group=0', '--sort=name', '-c', '.']);
}

test('an identical context is reused, others are unpacked; evicted ones go once released', async () => {
  const root = await mkdtemp(join(tmpdir(), 'ctxstore-'));
  try {
    const store = new ContextStore(join(root, 'store'), 1);
    const a = await tarOf(root, { 'Dockerfile': 'FROM scratch\n', 'x/y.txt': 'y', '.dockerignore': 'ignored\n', 'ignored': 'i' });
    const first = await store.receive(Readable.from([a]), '');
    assert.equal(first.dockerfile, 'FROM scratch\n');
    assert.equal(await readFile(join(first.dir, 'x', 'y.txt'), 'utf8'), 'y');
    assert.equal(existsSync(join(first.dir, 'ignored')), false);
    first.hashes.set('marker', Promise.resolve('h'));
    const again = await store.receive(Readable.from([a]), '');
    assert.equal(again.dir, first.dir);
    assert.ok(again.hashes.has('marker'));
    const other = await store.receive(Readable.from([await tarOf(root, { 'Dockerfile': 'FROM busybox\n' })]), '');
    assert.notEqual(other.dir, first.dir);
    // Evicted (keep = 1) but still used by two builds: it stays until both let go.
    first.release();
    assert.ok(existsSync(first.dir));
    again.release();
    await waitFor(() => !existsSync(first.dir), { what: 'the evicted context removed', timeoutMs: 5000, intervalMs: 20 });
    assert.equal(existsSync(first.dir), false);
    other.release();
    await assert.rejects(store.receive(Readable.from([a]), 'Missing.df'), /Cannot locate specified Dockerfile: Missing\.df/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
