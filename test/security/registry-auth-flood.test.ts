/**
 * A wrong-password flood against `wharf registry serve` (basic auth, bcrypt
 * cost 10 as `htpasswd -B` users often choose) must not starve valid users:
 * the flood gets 401, then 429 with Retry-After, and valid users — from other
 * loopback addresses, and another user from the flooding address — keep
 * getting answers quickly. Loopback has all of 127/8, so each "client" binds
 * its own source address (127.77/16: far from the 127.0.0/24 some tools give bridges).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WHARF_BIN } from '../support/daemon.js';

const USERS = { alice: 'alice-pw', bob: 'bob-pw', mallory: 'mallory-pw' };
const VALID = '127.0.0.1';
const FLOOD_ONE_USER = '127.77.0.2';
const FLOOD_MANY_USERS = '127.77.0.3';
const REQUEST_TIMEOUT_MS = 30_000;

let dir: string;
let registry: ChildProcess;
let base: string;
/** What one bcrypt compare of these hashes costs on this host right now (the machine may be shared and busy). */
let compareMs: number;

before(async () => {
  dir = await mkdtemp('/tmp/wflood-');
  const bcrypt = createRequire(import.meta.url)('bcryptjs') as { hashSync(s: string, rounds: number): string; compareSync(s: string, hash: string): boolean };
  const hashes = Object.entries(USERS).map(([u, p]) => `${u}:${bcrypt.hashSync(p, 10)}\n`);
  await writeFile(join(dir, 'htpasswd'), hashes.join(''));
  const started = performance.now();
  bcrypt.compareSync('wrong', hashes[0]?.split(':')[1]?.trim() ?? '');
  compareMs = performance.now() - started;
  registry = spawn(process.execPath, [WHARF_BIN, 'registry', 'serve', '--addr', '127.0.0.1:0', '--root', join(dir, 'storage'), '--htpasswd', join(dir, 'htpasswd')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const deadline = setTimeout(() => registry.kill('SIGKILL'), 30_000);
  for await (const chunk of registry.stdout as AsyncIterable<Buffer>) {
    out += chunk.toString();
    if (out.includes('\n')) break;
  }
  clearTimeout(deadline);
  const url = /listening on (\S+)/.exec(out)?.[1];
  assert.ok(url, `registry did not start: ${out}`);
  base = url;
});

after(async () => {
  if (registry && registry.exitCode === null && registry.signalCode === null) {
    const exited = once(registry, 'exit');
    registry.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  retryAfter?: string;
  ms: number;
}

/** `GET /v2/` with basic credentials from `from` (a loopback source address), on a connection of its own. */
function ping(from: string, user: string, password: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v2/`, {
      agent: false,
      localAddress: from,
      timeout: REQUEST_TIMEOUT_MS,
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

test('200 concurrent wrong passwords get 401/429 while valid users keep getting quick answers', async () => {
  let flooding = true;
  const flood = Promise.all([
    ...Array.from({ length: 100 }, (_, i) => ping(FLOOD_ONE_USER, 'mallory', `guess-${i}`)),
    ...Array.from({ length: 100 }, (_, i) => ping(FLOOD_MANY_USERS, `ghost-${i}`, `guess-${i}`)),
  ]).finally(() => {
    flooding = false;
  });

  // Valid users ask one request after another for as long as the flood lasts (at least 5 each, bounded).
  const keepAsking = async (from: string, user: keyof typeof USERS): Promise<Answer[]> => {
    const answers: Answer[] = [];
    while ((flooding || answers.length < 5) && answers.length < 200) answers.push(await ping(from, user, USERS[user]));
    return answers;
  };
  const [floodAnswers, alice, bob] = await Promise.all([flood, keepAsking(VALID, 'alice'), keepAsking(FLOOD_ONE_USER, 'bob')]);

  for (const [who, answers] of [['alice from another address', alice], ['bob from the flooding address', bob]] as const) {
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]), `${who}: every request succeeds`);
    // The issue asks for a bound. Before the fix a valid login waited behind every
    // compare of the flood (13.8 s, about 200 compares); now it waits for a few at
    // most. 5 s, or 40 compares on a host so busy that 40 compares take longer, still
    // tells that starvation apart on a loaded CI machine (2 s once failed at 2.2 s there).
    const worst = Math.max(...answers.map((a) => a.ms));
    const bound = Math.max(5000, 40 * compareMs);
    assert.ok(worst < bound, `${who}: worst latency ${Math.round(worst)} ms, bound ${Math.round(bound)} ms`);
  }

  assert.deepEqual(new Set(floodAnswers.map((a) => a.status)), new Set([401, 429]), 'the flood gets only 401 and 429');
  const mallory = floodAnswers.slice(0, 100);
  assert.ok(mallory.filter((a) => a.status === 401).length <= 5, 'at most 5 guesses per address and user reach bcrypt');
  const sprayed = floodAnswers.slice(100);
  assert.ok(sprayed.filter((a) => a.status === 401).length <= 20, 'at most 20 guesses per address across users reach bcrypt');
  for (const a of floodAnswers.filter((x) => x.status === 429)) assert.match(a.retryAfter ?? '', /^[1-9]\d*$/, 'a 429 says when to retry');

  // The documented choice: the locked pair stays locked even for the right password
  // (else a locked-out guesser would learn the password from a 200); elsewhere it works.
  assert.equal((await ping(FLOOD_ONE_USER, 'mallory', USERS.mallory)).status, 429);
  assert.equal((await ping(VALID, 'mallory', USERS.mallory)).status, 200);
});
