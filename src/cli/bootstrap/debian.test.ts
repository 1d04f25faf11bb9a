import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { cacheDir, debianRootfsTarball } from './debian.js';

test('the cache lives under XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/wharf');
  assert.equal(cacheDir({ HOME: '/home/u' }), '/home/u/.cache/wharf');
});

for (const flavour of ['minbase', 'systemd'] as const) {
  test(`a cached ${flavour} rootfs tarball is reused without running debootstrap`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
    try {
      await mkdir(join(dir, 'wharf'));
      const cached = join(dir, 'wharf', `debian-bookworm-${flavour}.tar`);
      await writeFile(cached, 'cached');
      // PATH without debootstrap: running it would fail the call.
      const log = new PassThrough();
      assert.equal(await debianRootfsTarball({ XDG_CACHE_HOME: dir, PATH: '/nonexistent' }, log, flavour), cached);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
