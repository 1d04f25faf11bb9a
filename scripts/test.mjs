// Runs every compiled test file in one node:test run, so that one summary
// (`# pass N` / `# fail N`) closes the output: both lanes. The unit lane
// (dist/src/**/*.test.js beside the code, and dist/test/unit/) needs no root and
// is what `npm run test:unit` runs; the host lane needs root: runc, conmon,
// mounts and bridges in dist/test/host/, real daemons in dist/test/integration/
// and dist/test/security/.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
const files = (only.length ? only : ['dist/src', 'dist/test']).flatMap((p) => (statSync(p).isDirectory() ? find(p) : [p])).sort();
// A hung test fails after 5 minutes instead of holding CI forever; generous, since
// integration tests boot daemons and pull through real runc on a loaded machine.
const TEST_TIMEOUT_MS = 300_000;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], { stdio: 'inherit' });
// Test daemons remove their own rules; the firewall chains they all share go once every one has.
if (process.getuid?.() === 0) {
  const { sweepSharedChains } = await import('../dist/test/support/network.js');
  await sweepSharedChains().catch((err) => console.error(`# sweeping shared firewall chains failed: ${err.message}`));
}
process.exit(r.status ?? 1);
