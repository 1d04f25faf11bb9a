/**
 * Module boundaries, checked rather than hoped for: each folder under src/ may
 * import only the folders docs/architecture.md allows it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repoRoot(dirname(from));
}
const SRC = join(repoRoot(dirname(fileURLToPath(import.meta.url))), 'src');

const ALLOWED: Record<string, string[]> = {
  errdefs: [],
  util: ['errdefs'],
  oci: ['util', 'errdefs'],
  apitypes: ['oci'],
  content: ['oci', 'util', 'errdefs'],
  archive: ['apitypes', 'oci', 'util', 'errdefs'],
  snapshots: ['util', 'errdefs', 'archive'],
  images: ['content', 'snapshots', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
  runtime: ['oci', 'apitypes', 'util', 'errdefs'],
  builder: ['images', 'runtime', 'snapshots', 'content', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
  distribution: ['content', 'images', 'oci', 'apitypes', 'util', 'errdefs'],
  network: ['apitypes', 'util', 'errdefs'],
  volumes: ['util', 'errdefs'],
  engine: ['volumes', 'network', 'builder', 'distribution', 'runtime', 'images', 'snapshots', 'content', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
  api: ['engine', 'apitypes', 'oci', 'util', 'errdefs'],
  client: ['apitypes', 'util', 'errdefs'],
  // `wharf registry serve` runs the registry server, a program of its own, in the CLI's process.
  // builder: only its context walk and .dockerignore matching, which the client applies as docker's CLI does.
  cli: ['client', 'distribution', 'builder', 'apitypes', 'oci', 'util', 'errdefs'],
  daemon: ['volumes', 'network', 'api', 'engine', 'builder', 'distribution', 'runtime', 'images', 'snapshots', 'content', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

test('every src folder imports only what the architecture allows', () => {
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    const folder = relative(SRC, file).split('/')[0] ?? '';
    const allowed = ALLOWED[folder];
    if (!allowed) {
      violations.push(`${relative(SRC, file)}: folder ${folder} is not in the architecture table`);
      continue;
    }
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(file), m[1] ?? '')).split('/')[0] ?? '';
      if (target !== folder && !allowed.includes(target)) violations.push(`${relative(SRC, file)} imports ${target}/`);
    }
  }
  assert.deepEqual(violations, []);
});

test('shipped code imports no test double, fixture or test', () => {
  // The package build (tsconfig.build.json) leaves out `testing/` folders and `*.test.ts`,
  // but tsc would still compile, and ship, whatever a shipped file imports.
  const isTestOnly = (p: string): boolean => p.split('/').includes('testing') || p.endsWith('.test.ts') || !p.startsWith(SRC + '/');
  const violations: string[] = [];
  for (const file of sources(SRC).filter((f) => !isTestOnly(f))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'));
      if (isTestOnly(target)) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
    }
  }
  assert.deepEqual(violations, []);
});
