import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { isInvalidArgument, isNotFound } from '../errdefs/index.js';
import { sha256 } from '../util/digest.js';
import { LocalContentStore } from './store.js';

async function withStore(fn: (s: LocalContentStore, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    await fn(new LocalContentStore(root), root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('blobs are written once, verified, readable and deletable', () =>
  withStore(async (s) => {
    const data = Buffer.from('hello blob');
    const d = sha256(data);
    const desc = await s.writeBlob(data, d, 'text/plain');
    assert.deepEqual(desc, { mediaType: 'text/plain', digest: d, size: data.length });
    assert.ok(await s.has(d));
    assert.deepEqual(await s.info(d), { digest: d, size: data.length });
    assert.deepEqual(await s.readBlob(d), data);
    const chunks: Buffer[] = [];
    for await (const c of s.createReadStream(d)) chunks.push(c as Buffer);
    assert.deepEqual(Buffer.concat(chunks), data);
    assert.deepEqual(await s.list(), [{ digest: d, size: data.length }]);
    await s.delete(d);
    assert.equal(await s.has(d), false);
    await assert.rejects(s.delete(d), isNotFound);
    await assert.rejects(s.readBlob(d), isNotFound);
    await assert.rejects(async () => {
      for await (const _ of s.createReadStream(d));
    }, isNotFound);
  }));

test('a digest mismatch stores nothing', () =>
  withStore(async (s, root) => {
    const wrong = sha256('other');
    await assert.rejects(s.writeBlob(Buffer.from('data'), wrong), isInvalidArgument);
    await assert.rejects(s.ingest(Readable.from([Buffer.from('da'), Buffer.from('ta')]), wrong), isInvalidArgument);
    assert.deepEqual(await s.list(), []);
    assert.deepEqual(await readdir(join(root, 'ingest')), [], 'no temp files left behind');
  }));

test('ingest streams and names the blob by its content', () =>
  withStore(async (s) => {
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    const desc = await s.ingest(Readable.from(parts));
    assert.equal(desc.digest, sha256(Buffer.concat(parts)));
    assert.equal(desc.size, 500_000);
    assert.equal(desc.mediaType, 'application/octet-stream');
    const again = await s.ingest(Readable.from(parts), desc.digest);
    assert.equal(again.digest, desc.digest);
  }));
