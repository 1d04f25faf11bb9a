/**
 * The line-level Dockerfile parser (BuildKit's `parser.Parse`): physical lines
 * become logical instruction lines (directives, comments, continuations,
 * heredoc bodies), each split into keyword, flags and arguments. Meaning is
 * given later, by parse-instruction.ts.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { checkEscapeToken, DirectiveParser, type Directive } from './directives.js';
import { atLines } from './errors.js';
import { trimLeftSpace } from './go-text.js';
import { heredocsFromLine, type Heredoc } from './heredoc.js';
import * as lp from './line-parsers.js';
import { splitCommand } from './split-command.js';

export interface AstNode {
  /** The keyword as written (any case). */
  keyword: string;
  /** The whole logical line, continuations joined. */
  original: string;
  flags: string[];
  /** Flat arguments; for ENV/LABEL [key, value, separator] triples, for ONBUILD the trigger's keyword then its arguments. */
  args: string[];
  json: boolean;
  heredocs: Heredoc[];
  /** ONBUILD's nested instruction. */
  trigger?: AstNode;
  startLine: number;
  endLine: number;
}

export interface ParseWarning {
  message: string;
  line: number;
}

export interface Ast {
  nodes: AstNode[];
  escapeToken: string;
  directives: Directive[];
  warnings: ParseWarning[];
}

const MAX_LINE_BYTES = 64 * 1024;

type LineParser = (rest: string, escapeToken: string) => lp.LineArgs;

const LINE_PARSERS: Record<string, LineParser> = {
  add: lp.parseMaybeJSONToList,
  arg: lp.parseNameOrNameVal,
  cmd: lp.parseMaybeJSON,
  copy: lp.parseMaybeJSONToList,
  entrypoint: lp.parseMaybeJSON,
  env: (rest, esc) => lp.parseNameVal(rest, 'ENV', esc),
  expose: lp.parseStringsWhitespaceDelimited,
  from: lp.parseStringsWhitespaceDelimited,
  healthcheck: lp.parseHealthConfig,
  label: (rest, esc) => lp.parseNameVal(rest, 'LABEL', esc),
  maintainer: lp.parseString,
  run: lp.parseMaybeJSON,
  shell: lp.parseMaybeJSON,
  stopsignal: lp.parseString,
  user: lp.parseString,
  volume: lp.parseMaybeJSONToList,
  workdir: lp.parseString,
};

const HEREDOC_INSTRUCTIONS = new Set(['add', 'copy', 'run']);

/** One logical line to a node; unknown keywords parse (with no arguments) and are rejected later. */
function nodeFromLine(line: string, escapeToken: string): AstNode {
  const { keyword, flags, rest } = splitCommand(line, escapeToken);
  const node: AstNode = { keyword, original: line, flags, args: [], json: false, heredocs: [], startLine: 0, endLine: 0 };
  const lower = keyword.toLowerCase();
  if (lower === 'onbuild') {
    if (rest !== '') {
      node.trigger = nodeFromLine(rest, escapeToken);
      node.args = [node.trigger.keyword, ...node.trigger.args];
    }
    return node;
  }
  const parse = LINE_PARSERS[lower];
  if (parse) Object.assign(node, parse(rest, escapeToken));
  return node;
}

function canContainHeredoc(node: AstNode): boolean {
  const n = node.keyword.toLowerCase() === 'onbuild' && node.trigger ? node.trigger : node;
  return HEREDOC_INSTRUCTIONS.has(n.keyword.toLowerCase()) && !n.json;
}

/** Physical lines, each with its line ending (heredoc bodies keep them). */
function physicalLines(source: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < source.length) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl + 1;
    lines.push(source.slice(start, end));
    start = end;
  }
  return lines;
}

const trimNewline = (s: string): string => s.replace(/[\r\n]+$/, '');
const isComment = (s: string): boolean => trimLeftSpace(s).startsWith('#');

export function parseAst(source: string): Ast {
  const lines = physicalLines(source.startsWith('\uFEFF') ? source.slice(1) : source);
  const directiveParser = new DirectiveParser();
  const directives: Directive[] = [];
  const warnings: ParseWarning[] = [];
  const nodes: AstNode[] = [];
  let escapeToken = '\\';
  let continuation = continuationRegex(escapeToken);
  let current = 0; // lines consumed so far (= 1-based number of the last one)

  const take = (): string | undefined => {
    const raw = lines[current];
    if (raw !== undefined && Buffer.byteLength(raw) > MAX_LINE_BYTES) {
      throw atLines(invalidArgument(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`), current + 1);
    }
    if (raw !== undefined) current++;
    return raw;
  };
  // Strips the newline (and leading space on an instruction's first line), notes directives, blanks comments.
  const processLine = (raw: string, stripLeft: boolean): string => {
    let text = trimNewline(raw);
    if (stripLeft) text = trimLeftSpace(text);
    try {
      const d = directiveParser.parseLine(text);
      if (d) {
        if (d.name === 'escape') {
          escapeToken = checkEscapeToken(d.value);
          continuation = continuationRegex(escapeToken);
        }
        directives.push(d);
      }
    } catch (err) {
      throw atLines(err, current);
    }
    return isComment(text) ? '' : text;
  };
  // A trailing escape character continues the line; it is removed.
  const trimContinuation = (text: string): { text: string; ends: boolean } =>
    continuation.test(text) ? { text: text.replace(continuation, '$1'), ends: false } : { text, ends: true };

  for (let raw = take(); raw !== undefined; raw = take()) {
    const startLine = current;
    let { text, ends } = trimContinuation(processLine(raw, true));
    if (ends && text === '') continue;
    let line = text;
    let emptyContinuation = false;
    for (let next = ends ? undefined : take(); next !== undefined; next = ends ? undefined : take()) {
      const processed = processLine(next, false);
      // Comment lines and blank lines inside a continuation are skipped, not ended on.
      if (isComment(next)) continue;
      if (trimLeftSpace(processed) === '') {
        emptyContinuation = true;
        continue;
      }
      ({ text, ends } = trimContinuation(processed));
      line += text;
    }
    if (emptyContinuation) warnings.push({ message: `Empty continuation line found in: ${line}`, line: current });

    let node: AstNode;
    try {
      node = nodeFromLine(line, escapeToken);
      if (canContainHeredoc(node) && line.includes('<<')) node.heredocs = heredocsFromLine(line);
    } catch (err) {
      throw atLines(err, startLine, current);
    }
    for (const heredoc of node.heredocs) heredoc.content = readHeredocBody(heredoc, take, startLine, () => current);
    node.startLine = startLine;
    node.endLine = current;
    nodes.push(node);
  }
  if (nodes.length === 0) throw atLines(invalidArgument('file with no instructions'), current);
  return { nodes, escapeToken, directives, warnings };
}

function readHeredocBody(heredoc: Heredoc, take: () => string | undefined, startLine: number, current: () => number): string {
  let content = '';
  for (let raw = take(); raw !== undefined; raw = take()) {
    let candidate = trimNewline(raw);
    if (heredoc.chomp) candidate = candidate.replace(/^\t+/, '');
    if (candidate === heredoc.name) return content;
    content += raw;
  }
  throw atLines(invalidArgument('unterminated heredoc'), startLine, current());
}

function continuationRegex(escapeToken: string): RegExp {
  const e = '\\' + escapeToken;
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}
