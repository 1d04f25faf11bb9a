import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { request } from './testing/test-registry.js';
import { withTempDir } from '../../../test/support/temp-dir.js';

// Run from source under tsx, or compiled from dist/: the child loads the sibling cli module either way.
const SELF = fileURLToPath(import.meta.url);
const FROM_SOURCE = SELF.endsWith('.ts');
const CLI = join(dirname(SELF), FROM_SOURCE ? 'cli.ts' : 'cli.js');

function start(entry: 'serveRegistry' | 'gcRegistry', args: string[]): ChildProcess {
  const code = `const m = await import(${JSON.stringify(CLI)}); process.exitCode = await m.${entry}(process.argv.slice(1));`;
  const loader = FROM_SOURCE ? ['--import', 'tsx'] : [];
  return spawn(process.execPath, [...loader, '--input-type=module', '-e', code, '--', ...args], { cwd: dirname(SELF), stdio: ['ignore', 'pipe', 'pipe'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    out += chunk.toString();
    if (out.includes('\n')) return out.split('\n')[0] ?? '';
  }
  return out;
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

test('serveRegistry serves with bearer auth wired from flags and exits 0 on SIGTERM', async () => {
  await withTempDir(async (dir) => {
    const htpasswd = join(dir, 'htpasswd');
    await writeFile(htpasswd, `alice:${bcrypt.hashSync('pw', 4)}\n`);
    const child = start('serveRegistry', ['--addr', '127.0.0.1:0', '--root', join(dir, 'root'), '--htpasswd', htpasswd, '--token-realm', 'self', '--token-service', 'test-svc']);
    try {
      const line = await firstLine(child);
      const url = /listening on (\S+)/.exec(line)?.[1];
      assert.ok(url, line);
      const ping = await request(url, 'GET', '/v2/');
      assert.equal(ping.status, 401);
      assert.equal(ping.headers['www-authenticate'], `Bearer realm="${url}/token",service="test-svc"`);
      const token = await request(url, 'GET', '/token?service=test-svc', { headers: { Authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` } });
      assert.equal(token.status, 200);
      child.kill('SIGTERM');
      assert.equal(await exitCode(child), 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

test('bad flags are a usage error (125); gc --dry-run reports', async () => {
  await withTempDir(async (dir) => {
    assert.equal(await exitCode(start('serveRegistry', ['--bogus'])), 125);
    assert.equal(await exitCode(start('serveRegistry', ['--addr', '127.0.0.1:0'])), 125, '--root is required');
    const gc = start('gcRegistry', ['--root', join(dir, 'root'), '--dry-run']);
    assert.match(await firstLine(gc), /^0 blobs in use, 0 blobs \(0 bytes\) would remove$/);
    assert.equal(await exitCode(gc), 0);
  });
});
