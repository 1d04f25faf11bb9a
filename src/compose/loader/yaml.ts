/**
 * A compose file's YAML as plain values. Anchors, aliases and `<<` merge keys
 * are resolved; Compose's `!reset` and `!override` tags survive as `Tagged`
 * values for the merge to honour. Syntax errors name the file, line and column.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { invalidArgument } from '../../errdefs/index.js';

export type Yaml = null | string | number | boolean | Yaml[] | YamlMap | Tagged;
export interface YamlMap {
  [key: string]: Yaml;
}

/** A value carrying `!reset` (drop what earlier files said) or `!override` (replace it, no merge). */
export class Tagged {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: Yaml,
  ) {}
}

export function isYamlMap(v: unknown): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tagged);
}

const MAX_ALIAS_EXPANSION = 10_000;

/** Parses one file's text. `file` names it in errors. */
export function parseYaml(text: string, file: string): Yaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw invalidArgument(`failed to parse ${file}: yaml: line ${line}, column ${col}: ${err.message}`);
  }
  const budget = { left: MAX_ALIAS_EXPANSION };
  return toValue(doc.contents as Node | null, doc, budget, (pos) => lineCounter.linePos(pos), file);
}

type LinePos = (offset: number) => { line: number; col: number };

function toValue(node: Node | null, doc: Document, budget: { left: number }, linePos: LinePos, file: string): Yaml {
  if (node === null) return null;
  if (isAlias(node)) {
    // A billion-laughs document expands aliases exponentially: refuse past a budget.
    if (--budget.left < 0) throw invalidArgument(`failed to parse ${file}: yaml: document contains excessive aliasing`);
    return toValue(node.resolve(doc) as Node | null, doc, budget, linePos, file);
  }
  let value: Yaml;
  if (isMap(node)) {
    const out: YamlMap = {};
    const merged: YamlMap[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const v = toValue(pair.value as Node | null, doc, budget, linePos, file);
      if (key === '<<') {
        for (const m of Array.isArray(v) ? v : [v]) if (isYamlMap(m)) merged.push(m);
        continue;
      }
      if (key !== null && typeof key === 'object') {
        const at = linePos((pair.key as Node).range?.[0] ?? 0);
        throw invalidArgument(`failed to parse ${file}: yaml: line ${at.line}, column ${at.col}: non-scalar mapping key`);
      }
      out[String(key)] = v;
    }
    // `<<` keys give defaults: explicit keys win, and earlier merged maps win over later ones.
    value = merged.length === 0 ? out : Object.assign({}, ...[...merged].reverse(), out);
  } else if (isSeq(node)) {
    value = node.items.map((item) => toValue(item as Node | null, doc, budget, linePos, file));
  } else if (isScalar(node)) {
    const v = node.value;
    // Go's YAML reads a leading 0 as octal (`mode: 0440`), as users of file modes expect.
    if (typeof v === 'number' && typeof node.source === 'string' && /^0[0-7]+$/.test(node.source)) value = parseInt(node.source, 8);
    else value = v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as string | number | boolean);
  } else {
    value = null;
  }
  // What follows `!reset` does not matter: the key is dropped.
  if (node.tag === '!reset') return new Tagged('reset', null);
  if (node.tag === '!override') return new Tagged('override', value);
  return value;
}
