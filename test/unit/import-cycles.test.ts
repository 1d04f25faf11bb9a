/**
 * No import cycle between files in src/: a cycle makes load order decide
 * whether a value is initialised, and hides which file really sits below
 * which. Type-only imports count (a type cycle still ties the files
 * together), and so do `export … from` and dynamic `import()`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

function repoRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repoRoot(dirname(from));
}
const SRC = join(repoRoot(dirname(fileURLToPath(import.meta.url))), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The files under src/ that `file` imports: every relative specifier the TypeScript scanner finds. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
    .filter((target) => target.startsWith(SRC + '/'));
}

/** Tarjan's strongly connected components; each component of more than one file (or a file importing itself) holds a cycle. */
function cyclicComponents(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** One concrete cycle inside a component, as a readable path `a → b → … → a`. */
function cycleThrough(graph: Map<string, string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

test('no import cycle between files in src/', () => {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) graph.set(file, importsOf(file));
  const cycles = cyclicComponents(graph).map((component) => {
    const path = cycleThrough(graph, component).map((f) => relative(SRC, f)).join(' → ');
    return component.length > path.split(' → ').length - 1 ? `${path} (one of the cycles among ${component.map((f) => relative(SRC, f)).sort().join(', ')})` : path;
  });
  assert.deepEqual(cycles.sort(), []);
});

test('the cycle check sees type-only, re-exported and dynamic imports, and names a cycle', () => {
  const { importedFiles } = ts.preProcessFile(
    "import type { A } from './a.js';\nexport * from './b.js';\nconst c = await import('./c.js');\n",
    true,
    true,
  );
  assert.deepEqual(
    importedFiles.map((f) => f.fileName),
    ['./a.js', './b.js', './c.js'],
  );
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
  const [component, ...rest] = cyclicComponents(graph);
  assert.deepEqual(rest, []);
  assert.deepEqual(cycleThrough(graph, component!), ['a', 'b', 'c', 'a']);
});
