import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { isKind, isNotFound } from '../../errdefs/index.js';
import type { AccessConfig } from '../server/index.js';
import { importImage, startProxy, withClientEnv, type ClientEnv } from './testing/client-env.js';
import type { CredentialsFn } from './types.js';

const ACCESS: AccessConfig = { users: { alice: { 'alice/**': ['*'] } } };
const alice: CredentialsFn = () => ({ username: 'alice', password: 'alice-pw' });
const wrong: CredentialsFn = () => ({ username: 'alice', password: 'nope' });
const isUnauthorized = (pattern: RegExp) => (err: unknown) => isKind(err, 'unauthorized') && pattern.test((err as Error).message);

async function withAuthEnv(mode: 'basic' | 'token', fn: (env: ClientEnv) => Promise<void>): Promise<void> {
  await withClientEnv({}, async (outer) => {
    // The server needs the htpasswd file before it starts: write it under the scratch dir, then start a second env on it.
    const htpasswd = join(outer.scratch.dir, 'htpasswd');
    await writeFile(htpasswd, `alice:${bcrypt.hashSync('alice-pw', 4)}\n`);
    await withClientEnv({ auth: { htpasswd, access: ACCESS, token: mode === 'token' ? { realm: 'self' } : undefined } }, fn);
  });
}

for (const mode of ['basic', 'token'] as const) {
  test(`${mode} auth: credentials push and pull, none or wrong ones are refused, login checks them`, async () => {
    await withAuthEnv(mode, async (env) => {
      const a = await env.engine('a', { credentials: alice });
      const ref = `${env.domain}/alice/app:v1`;
      const rec = await importImage(a, ref, { 'secret.txt': 'for alice\n' });
      await a.client.push(ref);

      const b = await env.engine('b');
      const [pulled] = await b.client.pull(ref, { credentials: alice });
      assert.equal(pulled?.image.id, rec.id);

      if (mode === 'basic') await assert.rejects(b.client.pull(ref), (err: unknown) => isKind(err, 'internal') && /^no basic auth credentials$/.test((err as Error).message));
      else {
        // An anonymous token lacks the scope (insufficient_scope): Docker's "denied" wording, a not-found.
        const denied = /^pull access denied for 127\.0\.0\.1:\d+\/alice\/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied$/;
        await assert.rejects(b.client.pull(ref), (err: unknown) => isNotFound(err) && denied.test((err as Error).message));
      }
      await assert.rejects(b.client.pull(ref, { credentials: wrong }), isUnauthorized(/^unauthorized: invalid username or password$/));
      await assert.rejects(b.client.push(ref, { credentials: wrong }), isUnauthorized(/^unauthorized: /));

      assert.deepEqual(await b.client.login({ username: 'alice', password: 'alice-pw', serveraddress: `http://${env.domain}/` }), { Status: 'Login Succeeded', IdentityToken: '' });
      await assert.rejects(b.client.login({ username: 'alice', password: 'nope', serveraddress: env.domain }), isUnauthorized(/invalid username or password/));
    });
  });
}

test('bearer tokens are fetched once per scope and identity, then reused', async () => {
  await withAuthEnv('token', async (env) => {
    const proxy = await startProxy(env.registry.server.url);
    try {
      const a = await env.engine('a', { credentials: alice });
      const ref = `${proxy.domain}/alice/app:v1`;
      await importImage(a, ref, { 'f.txt': 'f\n' });
      await a.client.push(ref);
      const tokenRequests = (): string[] => proxy.log.filter((r) => r.url.startsWith('/token')).map((r) => new URL(r.url, 'http://x').searchParams.getAll('scope').join(' '));
      assert.deepEqual(tokenRequests(), ['repository:alice/app:pull,push'], 'every request of the push shares one token');
      await a.client.push(ref);
      const b = await env.engine('b', { credentials: alice });
      await b.client.pull(ref);
      await b.client.pull(ref);
      assert.deepEqual(tokenRequests(), ['repository:alice/app:pull,push', 'repository:alice/app:pull']);
    } finally {
      await proxy.close();
    }
  });
});
