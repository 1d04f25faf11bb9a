/**
 * A Kubernetes file's documents as plain values. Syntax errors name the file,
 * line and column, as kubectl and podman (Go's yaml) report them.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { invalidArgument } from '../errdefs/index.js';

const MAX_ALIAS_COUNT = 10_000;

/** Every non-empty document of text; `file` names it in errors. */
export function parseDocuments(text: string, file: string): unknown[] {
  const lineCounter = new LineCounter();
  // YAML 1.1, as Kubernetes reads it (Go's yaml.v2): `defaultMode: 0400` is octal.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.1' });
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      throw invalidArgument(`failed to parse ${file}: yaml: line ${line}, column ${col}: ${firstLine(err.message)}`);
    }
  }
  return docs.map((doc) => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown).filter((v) => v !== null && v !== undefined);
}

/** The parser's message without its own position and code excerpt. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}
