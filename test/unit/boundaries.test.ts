/**
 * Module boundaries, checked rather than hoped for, file by file: every static
 * `import`/`import type`/`export … from` and every `import('…')` in src/ either
 * stays inside its module or enters another module through one of that module's
 * public entries, along an edge docs/architecture.md allows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repoRoot(dirname(from));
}
const ROOT = repoRoot(dirname(fileURLToPath(import.meta.url)));
const SRC = join(ROOT, 'src');

/** What each module's shipped code may import (docs/architecture.md's table, as code: keep them equal). */
const ALLOWED: Record<string, string[]> = {
  errdefs: [],
  util: ['errdefs'],
  oci: ['util', 'errdefs'],
  apitypes: ['oci'],
  content: ['oci', 'util', 'errdefs'],
  archive: ['apitypes', 'util', 'errdefs'],
  snapshots: ['util', 'errdefs'],
  images: ['content', 'snapshots', 'archive', 'oci', 'util', 'errdefs'],
  runtime: ['oci', 'apitypes', 'errdefs'],
  volumes: ['util', 'errdefs'],
  network: ['apitypes', 'util', 'errdefs'],
  builder: ['images', 'runtime', 'snapshots', 'content', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
  'distribution/server': ['oci', 'util', 'errdefs'],
  'distribution/client': ['content', 'images', 'oci', 'apitypes', 'util', 'errdefs'],
  engine: ['volumes', 'network', 'distribution/client', 'runtime', 'images', 'snapshots', 'archive', 'oci', 'apitypes', 'util', 'errdefs'],
  api: ['engine', 'apitypes', 'oci', 'util', 'errdefs'],
  client: ['apitypes', 'util', 'errdefs'],
  // compose builds on the wharf CLI as Compose v2 builds on the docker CLI's packages: the build
  // context, registry credentials, list formats, and whole commands (exec, cp, start -a) on a container it picked.
  compose: ['cli', 'client', 'apitypes', 'oci', 'util', 'errdefs'],
  // kube is a pure API client: the pod endpoints and the Engine API, like podman's kube play on libpod;
  // configMap and secret volumes are written into members as compose writes its inline configs.
  kube: ['compose', 'client', 'apitypes', 'errdefs'],
  // `wharf registry serve` runs the registry server, a program of its own, in the CLI's process;
  // credentials are docker's config.json, read as the registry client reads it.
  // builder: only its context walk and .dockerignore matching, which the client applies as docker's CLI does.
  // compose: `wharf compose` runs Docker Compose v2's commands, a program of its own like registry serve.
  // kube: `wharf kube play/down` hand over to it, as `wharf compose` to compose.
  // the dashboard server is a client of the Engine API like the CLI; its compose actions run `wharf compose` as a program.
  dashboard: ['client', 'errdefs'],
  // dashboard: `wharf dashboard` runs its server in the CLI's process, as registry serve does.
  cli: ['compose', 'kube', 'dashboard', 'client', 'distribution/server', 'distribution/client', 'builder', 'apitypes', 'oci', 'util', 'errdefs'],
  // The dashboard page runs in the browser: it reaches the daemon only over HTTP, through the dashboard server.
  'dashboard/web': [],
  daemon: ['volumes', 'network', 'api', 'engine', 'builder', 'distribution/client', 'runtime', 'images', 'snapshots', 'content', 'apitypes', 'util', 'errdefs'],
};

/**
 * The files of a module other modules may import. Default: its `index.ts`.
 * util, oci, apitypes and client are stateless libraries (primitives, spec and wire
 * types, one file per API endpoint family): each of their top-level files is an entry,
 * so a caller loads only what it uses (the CLI's start-up time, see Performance).
 */
const PUBLIC: Record<string, string[]> = {
  util: ['*'],
  oci: ['*'],
  apitypes: ['*'],
  client: ['*'],
  // The CLI's entries: the context walk without the executor, credentials without the registry client.
  builder: ['index.ts', 'context/index.ts'],
  'distribution/client': ['index.ts', 'cli-entry.ts'],
  // The server's entry; src/dashboard/web/ is the page's source, bundled for the browser, never imported.
  dashboard: ['server/index.ts'],
  // kube writes configMap/secret volume files into created containers with compose's own writer;
  // kube generate finds a project by compose's labels and re-reads its files with compose's loader.
  compose: ['index.ts', 'project/injected-files.ts', 'loader/index.ts', 'types.ts'],
  // What compose uses of the CLI: its command table and the client-side pieces docker's CLI packages hold.
  cli: [
    'commands/index.ts',
    'lib/errors.ts',
    'lib/build-context.ts',
    'lib/progress.ts',
    'lib/registry-auth.ts',
    'lib/timefmt.ts',
    'lib/ports.ts',
    'lib/list-format.ts',
    'lib/container-context.ts',
    'format/formatter.ts',
    'format/tabwriter.ts',
  ],
};

const MODULES = Object.keys(ALLOWED).sort((a, b) => b.length - a.length);

function moduleOf(rel: string): string | undefined {
  return MODULES.find((m) => rel === m || rel.startsWith(m + '/'));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const isTestOnly = (rel: string): boolean => rel.split('/').includes('testing') || rel.endsWith('.test.ts');

/** Relative specifiers of every static and dynamic import and re-export (comments stripped first). */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'/g, /\bimport\s*\(\s*'([^']+)'\s*\)/g, /^\s*import\s*'([^']+)'/gm];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1]?.startsWith('.')) specs.push(m[1]);
  return specs;
}

interface Edge {
  file: string; // relative to src/
  target: string; // relative to src/ (may start with ../ for test/support)
  from: string;
  to: string | undefined;
}

function edges(): Edge[] {
  return sources(SRC).flatMap((abs) => {
    const file = relative(SRC, abs);
    const from = moduleOf(file) ?? '?';
    return importSpecifiers(readFileSync(abs, 'utf8')).map((spec) => {
      const target = relative(SRC, resolve(dirname(abs), spec.replace(/\.js$/, '.ts')));
      return { file, target, from, to: moduleOf(target) };
    });
  });
}

function isEntry(module: string, inner: string): boolean {
  return (PUBLIC[module] ?? ['index.ts']).some((p) => (p === '*' ? !inner.includes('/') : p === inner));
}

test('the import scanner sees static, type-only, re-exported, side-effect and dynamic imports', () => {
  const text = [
    "import { a } from './a.js';",
    "import type {\n  B,\n} from '../b/index.js';",
    "export { c } from './c.js';",
    "export type * from './d.js';",
    "import './e.js';",
    "const f = await import('./f.js');",
    'type G = typeof import(\'./g.js\');',
    "// import { no } from './comment.js';",
    "import { readFile } from 'node:fs';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text).sort(), ['../b/index.js', './a.js', './c.js', './d.js', './e.js', './f.js', './g.js']);
});

test('every src file belongs to a module of the architecture table', () => {
  const strays = sources(SRC).map((f) => relative(SRC, f)).filter((f) => moduleOf(f) === undefined);
  assert.deepEqual(strays, []);
});

test('modules enter each other only through their public entries, along allowed edges', () => {
  const violations: string[] = [];
  for (const e of edges()) {
    if (e.to === e.from) continue;
    const testOnly = isTestOnly(e.file);
    if (e.to === undefined) {
      // Outside src/: only tests and doubles may reach the shared test support.
      if (!(testOnly && e.target.startsWith('../test/support/'))) violations.push(`${e.file} → ${e.target}: outside src/`);
      continue;
    }
    const inner = e.target.slice(e.to.length + 1);
    // Tests and doubles may compose any modules, but through their entries or their testing/ doubles.
    if (!testOnly && !ALLOWED[e.from]?.includes(e.to)) violations.push(`${e.file} → ${e.target}: ${e.from} may not import ${e.to}`);
    if (isEntry(e.to, inner) || (testOnly && inner.split('/').includes('testing'))) continue;
    violations.push(`${e.file} → ${e.target}: not a public entry of ${e.to}`);
  }
  assert.deepEqual(violations, []);
});

test('every allowed edge is used by shipped code', () => {
  const used = new Set(edges().filter((e) => e.to && e.to !== e.from && !isTestOnly(e.file)).map((e) => `${e.from} → ${e.to}`));
  const unused = Object.entries(ALLOWED).flatMap(([from, tos]) => tos.map((to) => `${from} → ${to}`)).filter((edge) => !used.has(edge));
  assert.deepEqual(unused, []);
});

test('shipped code imports no test double, fixture or test', () => {
  // The package build (tsconfig.build.json) leaves out `testing/` folders and `*.test.ts`,
  // but tsc would still compile, and ship, whatever a shipped file imports.
  const violations = edges()
    .filter((e) => !isTestOnly(e.file) && (isTestOnly(e.target) || e.target.startsWith('../')))
    .map((e) => `${e.file} imports ${e.target}`);
  assert.deepEqual(violations, []);
});

test('docs/architecture.md states the same import table', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const m of doc.matchAll(/^\| `src\/([a-z/]+?)\/` \|[^|]*\| ([^|]*) \|$/gm)) {
    const cell = m[2] ?? '';
    rows.set(m[1] ?? '', cell === 'nothing' ? [] : [...cell.matchAll(/`([a-z/]+)`/g)].map((x) => x[1] ?? ''));
  }
  for (const [module, allowed] of Object.entries(ALLOWED)) {
    assert.deepEqual(rows.get(module)?.slice().sort(), allowed.slice().sort(), `docs/architecture.md's row for src/${module}/`);
  }
  assert.deepEqual([...rows.keys()].sort(), Object.keys(ALLOWED).sort());
});
