/**
 * Parser for the Go text/template subset: text, actions with pipelines
 * (`{{.A | f x}}`), variables (`$x := …`), parenthesised pipelines with field
 * chains (`(index .X 0).Name`), and if/else if/else, range/else, with/else,
 * break, continue.
 */
import { lex, type Token, type TokenType } from './lexer.js';
import { TemplateError } from './errors.js';

export type Literal = string | number | boolean | null;

export type Operand =
  | { kind: 'field'; chain: string[]; pos: number; text: string }
  | { kind: 'variable'; name: string; chain: string[]; pos: number; text: string }
  | { kind: 'dot'; pos: number; text: string }
  | { kind: 'function'; name: string; pos: number; text: string }
  | { kind: 'pipe'; pipe: Pipeline; chain: string[]; pos: number; text: string }
  | { kind: 'literal'; value: Literal; pos: number; text: string };

export interface Command {
  args: Operand[];
  pos: number;
  text: string;
}

export interface Pipeline {
  decl: string[];
  /** `=` re-assigns existing variables; `:=` declares new ones. */
  assign: boolean;
  cmds: Command[];
  pos: number;
  text: string;
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; list: Node[]; elseList: Node[] | null }
  | { kind: 'break' | 'continue'; pos: number };

type Terminator = 'end' | 'else' | 'eof';

class Parser {
  private i = 0;
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
    private readonly functions: ReadonlySet<string>,
  ) {}

  parseTemplate(): Node[] {
    const { list, end } = this.parseList();
    if (end !== 'eof') this.fail(`unexpected {{${end}}}`, this.peek().pos);
    return list;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.next();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private fail(message: string, pos: number): never {
    throw new TemplateError(message, this.src, pos);
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === 'eof') this.fail('unexpected EOF', t.pos);
    const shown = t.type === 'right' ? '}}' : t.type === 'string' ? JSON.stringify(t.value) : t.value;
    this.fail(`unexpected "${shown}" in ${context}`, t.pos);
  }

  /** Nodes up to `{{end}}`, `{{else}}` or EOF; the terminator's action is consumed except for else's tail. */
  private parseList(): { list: Node[]; end: Terminator } {
    const list: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') return { list, end: 'eof' };
      if (t.type === 'text') {
        list.push({ kind: 'text', text: t.value });
        continue;
      }
      // t is `{{`
      const head = this.peek();
      if (head.type === 'identifier') {
        switch (head.value) {
          case 'end':
            this.next();
            this.expect('right', 'end');
            return { list, end: 'end' };
          case 'else':
            this.next();
            return { list, end: 'else' };
          case 'if':
          case 'with':
          case 'range':
            this.next();
            list.push(this.parseControl(head.value));
            continue;
          case 'break':
          case 'continue':
            this.next();
            if (this.rangeDepth === 0) this.fail(`{{${head.value}}} outside {{range}}`, head.pos);
            this.expect('right', head.value);
            list.push({ kind: head.value, pos: head.pos });
            continue;
          case 'define':
          case 'template':
          case 'block':
            this.fail(`{{${head.value}}} is not supported`, head.pos);
        }
      }
      list.push({ kind: 'action', pipe: this.parsePipeline('command', 'right') });
    }
  }

  private parseControl(kind: 'if' | 'with' | 'range'): Node {
    const pipe = this.parsePipeline(kind, 'right');
    if (kind === 'range') this.rangeDepth++;
    const body = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    if (body.end === 'eof') this.fail('unexpected EOF', this.src.length);
    let elseList: Node[] | null = null;
    if (body.end === 'else') {
      const after = this.peek();
      if (after.type === 'identifier' && (after.value === 'if' || after.value === 'with') && kind === after.value) {
        // `{{else if …}}` is `{{else}}{{if …}}…{{end}}` sharing the outer {{end}}
        this.next();
        elseList = [this.parseControl(after.value)];
      } else {
        this.expect('right', 'else');
        const tail = this.parseList();
        if (tail.end !== 'end') this.fail(tail.end === 'eof' ? 'unexpected EOF' : 'expected end; found {{else}}', this.peek().pos);
        elseList = tail.list;
      }
    }
    return { kind, pipe, list: body.list, elseList };
  }

  private parsePipeline(context: string, close: 'right' | 'rparen'): Pipeline {
    const start = this.peek().pos;
    const decl: string[] = [];
    let assign = false;
    if (this.peek().type === 'variable') {
      let k = 0;
      const names: string[] = [];
      while (this.peek(k).type === 'variable') {
        names.push(this.peek(k).value);
        if (this.peek(k + 1).type !== 'comma') break;
        k += 2;
      }
      const op = this.peek(k + 1).type;
      if (op === 'declare' || op === 'assign') {
        this.i += k + 2;
        decl.push(...names);
        assign = op === 'assign';
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      const cmd = this.parseCommand(context, close);
      cmds.push(cmd);
      const t = this.next();
      if (t.type === close) break;
      if (t.type !== 'pipe') this.unexpected(t, context);
    }
    if (cmds.length === 0 && decl.length === 0) this.fail(`missing value for ${context}`, start);
    const end = this.tokens[this.i - 1]!.pos;
    return { decl, assign, cmds, pos: start, text: this.src.slice(start, end).trim() };
  }

  private parseCommand(context: string, close: 'right' | 'rparen'): Command {
    const args: Operand[] = [];
    const start = this.peek().pos;
    while (this.peek().type !== 'pipe' && this.peek().type !== close) {
      args.push(this.parseOperand(context));
    }
    if (args.length === 0) this.fail(`missing value for ${context}`, start);
    const last = args[args.length - 1]!;
    return { args, pos: start, text: this.src.slice(start, last.pos + last.text.length) };
  }

  /** Field tokens written right against the previous token (`$x.A.B`, `(…).A`). */
  private chainAfter(end: number): { chain: string[]; end: number } {
    const chain: string[] = [];
    while (this.peek().type === 'field' && this.peek().pos === end) {
      const f = this.next();
      chain.push(f.value);
      end = f.pos + 1 + f.value.length;
    }
    return { chain, end };
  }

  private parseOperand(context: string): Operand {
    const t = this.next();
    switch (t.type) {
      case 'field': {
        const { chain, end } = this.chainAfter(t.pos + 1 + t.value.length);
        return { kind: 'field', chain: [t.value, ...chain], pos: t.pos, text: this.src.slice(t.pos, end) };
      }
      case 'variable': {
        const { chain, end } = this.chainAfter(t.pos + t.value.length);
        return { kind: 'variable', name: t.value, chain, pos: t.pos, text: this.src.slice(t.pos, end) };
      }
      case 'dot':
        return { kind: 'dot', pos: t.pos, text: '.' };
      case 'identifier':
        if (!this.functions.has(t.value)) this.fail(`function "${t.value}" not defined`, t.pos);
        return { kind: 'function', name: t.value, pos: t.pos, text: t.value };
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos, text: JSON.stringify(t.value) };
      case 'number': {
        const n = Number(t.value.replace(/_/g, ''));
        if (Number.isNaN(n)) this.fail(`bad number syntax: "${t.value}"`, t.pos);
        return { kind: 'literal', value: n, pos: t.pos, text: t.value };
      }
      case 'bool':
        return { kind: 'literal', value: t.value === 'true', pos: t.pos, text: t.value };
      case 'nil':
        return { kind: 'literal', value: null, pos: t.pos, text: 'nil' };
      case 'lparen': {
        const pipe = this.parsePipeline('parenthesized pipeline', 'rparen');
        const { chain, end } = this.chainAfter(this.tokens[this.i - 1]!.pos + 1);
        return { kind: 'pipe', pipe, chain, pos: t.pos, text: this.src.slice(t.pos, end) };
      }
      default:
        this.unexpected(t, context);
    }
  }
}

export function parse(src: string, functions: ReadonlySet<string>): Node[] {
  return new Parser(src, lex(src), functions).parseTemplate();
}
