/**
 * The directory a user runs `wharf` in is data, not configuration: a Bun
 * runtime would otherwise run a `bunfig.toml`'s preload scripts from it and
 * merge its `.env` into the environment (a daemon address, say). Holds on
 * Node trivially; on Bun it checks bin/wharf's runtime flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, WHARF_BIN } from '../support/daemon.js';

test('wharf ignores bunfig.toml and .env in the working directory', async () => {
  const dir = await mkdtemp('/tmp/wharf-cwd-');
  try {
    const marker = join(dir, 'preloaded');
    await writeFile(join(dir, 'evil.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
    await writeFile(join(dir, 'bunfig.toml'), 'preload = ["./evil.js"]\n');
    await writeFile(join(dir, '.env'), `WHARF_HOST=unix://${dir}/from-dotenv.sock\n`);
    const env = { WHARF_HOST: '', DOCKER_HOST: `unix://${dir}/from-env.sock` };

    const r = await run('sh', ['-c', 'cd "$0" && exec "$@"', dir, WHARF_BIN, 'ps'], { env });

    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /from-env\.sock/);
    assert.doesNotMatch(r.stderr, /from-dotenv/);
    assert.equal(existsSync(marker), false, 'a preload script from the working directory ran');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
