// Builds the dashboard page (src/dashboard/web, browser code) into dist/dashboard/:
// type-checks it with its own tsconfig (DOM, JSX for preact), then bundles it with
// esbuild into assets/ (app.js, app.css with @xterm/xterm's and uplot's CSS, the
// lazily loaded chunks) beside index.html, which the dashboard server serves as it
// is. Nothing comes from a CDN.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'src', 'dashboard', 'web');
const out = join(root, 'dist', 'dashboard');

const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', web, '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: { app: join(web, 'main.tsx') },
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  // The terminal and the charts load when first shown, as chunks beside app.js.
  splitting: true,
  chunkNames: '[name]-[hash]',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
// app.js imports the chunks it shares with the lazy parts: preloading them saves a round trip before the first render.
const app = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('main.tsx'));
const preloads = (app?.[1].imports ?? [])
  .filter((i) => i.kind === 'import-statement')
  .map((i) => `<link rel="modulepreload" href="/assets/${basename(i.path)}">\n`)
  .join('');
const html = await readFile(join(web, 'index.html'), 'utf8');
await writeFile(join(out, 'index.html'), html.replace('</head>', `${preloads}</head>`));
