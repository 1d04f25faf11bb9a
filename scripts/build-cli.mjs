// Bundles the CLI for Bun into dist/cli/ (main.js and the chunks of the commands it loads
// lazily), minified: Bun then reads a few files instead of a few dozen modules, 4–7 ms a
// command (docs/architecture.md, Performance). Without Bun there is nothing to do: Node
// runs dist/src/. bin/wharf takes the bundle only while it is newer than dist/src/cli/main.js,
// so a later `tsc` alone never leaves it running stale code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');
const bun = join(root, 'node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun');

await rm(out, { recursive: true, force: true });
if (existsSync(bun)) {
  const args = ['build', join(root, 'dist', 'src', 'cli', 'main.js'), '--target=bun', '--format=esm', '--splitting', '--minify', '--outdir', out];
  const r = spawnSync(bun, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
