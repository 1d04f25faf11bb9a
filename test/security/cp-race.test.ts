/**
 * `docker cp` against a hostile container: its main process swaps a directory
 * with a symlink to a host directory (renameat2 RENAME_EXCHANGE, as fast as it
 * can) while archives go in and out of that directory. Nothing may be written,
 * read or deleted on the host through the swapped name.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import tar from 'tar-stream';
import { daemonForFile, ok } from '../support/clients.js';
import { Daemon, run } from '../support/daemon.js';

let d: Daemon;
daemonForFile((started) => (d = started));

const tag = randomBytes(4).toString('hex');
const secret = `host-secret-${randomBytes(12).toString('hex')}`;
let host = '';
after(() => rm(host, { recursive: true, force: true }));

/** Exchanges its two arguments forever: a directory and a symlink take each other's place atomically. */
const SWAPPER = `
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc != 3) return 2;
  for (;;) syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], 2 /* RENAME_EXCHANGE */);
}
`;

function tarOf(names: string[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const name of names) pack.entry({ name, mode: 0o644 }, 'uploaded');
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (b: unknown) => void chunks.push(b as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

/**
 * One archive request; a response cut midway (a stream that failed after its
 * headers, as a walk meeting a swapped directory does) ends it too.
 */
function archiveRequest(socketPath: string, method: string, path: string, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ socketPath, method, path, headers: body ? { 'Content-Type': 'application/x-tar' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.complete ? (res.statusCode ?? 0) : 0, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

/** How many fds the daemon of `d` holds (found by its exec root on its command line). */
async function daemonFds(daemon: Daemon): Promise<number> {
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('wharfd') && cmdline.includes(daemon.execRoot)) return (await readdir(`/proc/${pid}/fd`)).length;
  }
  throw new Error('daemon process not found');
}

/** Run `jobs` tasks of `fn`, `width` at a time. */
async function pool(jobs: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs) await fn(next++);
    }),
  );
}

test('a container swapping a directory with a symlink to the host cannot redirect cp, export or diff', async () => {
  host = await mkdtemp('/tmp/wcp-host-');
  await writeFile(join(host, 'secret'), secret, { mode: 0o600 });
  await writeFile(join(host, `hostonly-${tag}`), 'x');
  await mkdir(join(host, 'victim', 'keep'), { recursive: true });

  const tools = join(d.root, 'cp-race');
  await mkdir(join(tools, 'src'), { recursive: true });
  await writeFile(join(tools, 'swap.c'), SWAPPER);
  const cc = await run('gcc', ['-static', '-O2', '-o', join(tools, 'swap'), join(tools, 'swap.c')]);
  assert.equal(cc.code, 0, cc.stderr);
  await writeFile(join(tools, 'src', `sentinel-${tag}`), 'from the cli');

  const name = `swapper-${tag}`;
  const setup = `mkdir -p /r/d && echo harmless > /r/d/secret && echo f > /r/d/victim && ln -s ${host} /r/s && exec /t/swap /r/d /r/s`;
  await ok((a) => d.docker(a), ['run', '-d', '--name', name, '-v', `${tools}:/t:ro`, 'busybox', 'sh', '-c', setup]);
  const deadline = Date.now() + 10_000;
  while ((await d.docker(['exec', name, 'cat', '/proc/1/comm'])).stdout.trim() !== 'swap') {
    assert.ok(Date.now() < deadline, 'the swapper never started');
  }

  const fdsBefore = await daemonFds(d);
  const upload = await tarOf([`sentinel-${tag}`, 'victim']);
  const archive = (path: string): string => `/containers/${name}/archive?path=${encodeURIComponent(path)}`;
  const leaks: string[] = [];
  let puts = 0;
  let gets = 0;
  await Promise.all([
    pool(800, 4, async () => {
      const r = await archiveRequest(d.socket, 'PUT', archive('/r/d'), upload);
      if (r.status === 200) puts++;
    }),
    pool(800, 4, async (i) => {
      const r = await archiveRequest(d.socket, 'GET', archive(i % 2 ? '/r/d/secret' : '/r/d'));
      if (r.status === 200) gets++;
      if (r.body.includes(secret) || r.body.includes(`hostonly-${tag}`)) leaks.push(`GET ${i}`);
    }),
    pool(60, 2, async (i) => {
      const r = i % 2 ? await d.docker(['cp', `${join(tools, 'src')}/.`, `${name}:/r/d`]) : await d.docker(['cp', `${name}:/r/d/secret`, '-']);
      if (r.stdout.includes(secret)) leaks.push(`cp ${i}`);
    }),
    pool(16, 1, async (i) => {
      const r = i % 2 ? await d.docker(['diff', name]) : await d.docker(['export', name]);
      if (r.stdout.includes(secret) || r.stdout.includes(`hostonly-${tag}`)) leaks.push(`export/diff ${i}`);
    }),
  ]);

  // Slack for the API's keep-alive sockets and a log file or two.
  assert.ok((await daemonFds(d)) < fdsBefore + 20, 'the daemon closed the fds of thousands of operations');
  await ok((a) => d.docker(a), ['rm', '-f', name]);
  assert.deepEqual(leaks, [], 'no host file was read');
  assert.ok(puts > 0 && gets > 0, `the race was exercised (${puts} PUTs and ${gets} GETs succeeded)`);
  const found = await run('find', ['/tmp', '-maxdepth', '3', '-path', d.root, '-prune', '-o', '-name', `sentinel-${tag}`, '-print']);
  assert.equal(found.stdout.trim(), '', 'no file was created on the host');
  assert.ok(existsSync(join(host, 'victim', 'keep')), 'no host directory was deleted');
  assert.equal(await readFile(join(host, 'secret'), 'utf8'), secret);
});
