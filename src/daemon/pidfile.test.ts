import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquirePidFile } from './pidfile.js';

test('a pid file naming a live process that is not wharfd is taken over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pidfile-'));
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const path = join(dir, 'wharfd.pid');
    await writeFile(path, String(other.pid));
    const held = await acquirePidFile(path);
    assert.equal(await readFile(path, 'utf8'), String(process.pid));
    await held.release();
  } finally {
    other.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
