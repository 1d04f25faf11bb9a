/**
 * Docker's shell-word processing: quotes, escapes with the Dockerfile's escape
 * character, `$var`/`${var}` expansion with the modifiers BuildKit supports
 * (`:-` `-` `:+` `+` `:?` `?` `#` `##` `%` `%%` `/` `//`), and splitting into
 * words after expansion. It mimics sh without running anything: no command
 * substitution, no arithmetic, no `${#var}`.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { goQuote, isSpace } from './go-text.js';
import { replacePattern, trimPrefix, trimSuffix } from './shell-pattern.js';

/** Variables visible to an expansion; a Map<string, string> is one. */
export interface Env {
  get(name: string): string | undefined;
}

export interface LexOptions {
  /** Keep quote characters in the output (heredoc delimiter detection). */
  rawQuotes?: boolean;
  /** Keep escape characters in the output. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters (heredoc bodies). */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to ''. */
  skipUnsetEnv?: boolean;
}

export interface WordResult {
  /** The expanded text, spaces between words kept. */
  result: string;
  /** The expanded text split into words, quoted spaces kept. */
  words: string[];
  /** Variables referenced that were set. */
  matched: Set<string>;
  /** Variables referenced that were not set (for "undefined variable" warnings). */
  unmatched: Set<string>;
}

export const emptyEnv: Env = { get: () => undefined };

/** Env from `KEY=value` strings (container config form); the last of a key wins. */
export function envFromList(list: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i < 0) env.set(kv, '');
    else env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  return env;
}

export class ShellLex {
  constructor(
    readonly escapeToken: string = '\\',
    private readonly opts: LexOptions = {},
  ) {}

  /** Expands one word keeping its spaces (what most instructions use). */
  processWord(word: string, env: Env): string {
    return this.process(word, env).result;
  }

  /** Expands and splits into words (EXPOSE, heredoc detection). */
  processWords(word: string, env: Env): string[] {
    return this.process(word, env).words;
  }

  process(word: string, env: Env): WordResult {
    const p = new WordProcessor(word, env, this.escapeToken, this.opts);
    try {
      const { text, words } = p.processStopOn(undefined, this.opts.rawEscapes ?? false);
      return { result: text, words, matched: p.matched, unmatched: p.unmatched };
    } catch (err) {
      throw invalidArgument(`failed to process ${goQuote(word)}: ${(err as Error).message}`, err);
    }
  }
}

/** Collects characters into words, splitting at unquoted, unescaped whitespace. */
class WordSplitter {
  readonly words: string[] = [];
  private buf = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.buf.length > 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class WordProcessor {
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private readonly chars: string[];
  private pos = 0;
  private rawEscapes = false;

  constructor(
    source: string,
    private readonly env: Env,
    private readonly escapeToken: string,
    private readonly opts: LexOptions,
  ) {
    this.chars = [...source];
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    return this.chars[this.pos++];
  }

  /** Processes up to `stop` (consumed) or the end; `rawEscapes` applies to this stretch only. */
  processStopOn(stop: string | undefined, rawEscapes: boolean): { text: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let text = '';
      const words = new WordSplitter();
      for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
        if (stop !== undefined && ch === stop) {
          this.pos++;
          return { text, words: words.finish() };
        }
        const special = this.special(ch);
        if (special) {
          const tmp = special();
          text += tmp;
          if (ch === '$') words.addString(tmp);
          else words.addRaw(tmp);
          continue;
        }
        this.pos++;
        if (ch === this.escapeToken) {
          if (this.rawEscapes) {
            words.addRaw(ch);
            text += ch;
          }
          const escaped = this.next();
          if (escaped === undefined) break;
          words.addRaw(escaped);
          text += escaped;
        } else {
          words.addChar(ch);
          text += ch;
        }
      }
      if (stop !== undefined) throw invalidArgument(`unexpected end of statement while looking for matching ${stop}`);
      return { text, words: words.finish() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private special(ch: string): (() => string) | undefined {
    if (ch === '$') return () => this.processDollar();
    if (ch === '<') return () => this.processPossibleHeredoc();
    if (this.opts.skipProcessQuotes) return undefined;
    if (ch === "'") return () => this.processSingleQuote();
    if (ch === '"') return () => this.processDoubleQuote();
    return undefined;
  }

  private processSingleQuote(): string {
    const quote = this.next() as string;
    let out = this.opts.rawQuotes ? quote : '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) throw invalidArgument('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return this.opts.rawQuotes ? out + ch : out;
      out += ch;
    }
  }

  private processDoubleQuote(): string {
    const quote = this.next() as string;
    let out = this.opts.rawQuotes ? quote : '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw invalidArgument('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.pos++;
        return this.opts.rawQuotes ? out + ch : out;
      }
      if (ch === '$') {
        out += this.processDollar();
        continue;
      }
      this.pos++;
      if (ch !== this.escapeToken) {
        out += ch;
        continue;
      }
      if (this.rawEscapes) out += ch;
      const after = this.peek();
      if (after === undefined) continue; // an escape at the very end is dropped
      if (after === '"' || after === '$' || after === this.escapeToken) {
        this.pos++;
        out += after;
      } else out += ch; // inside double quotes only " $ and the escape itself can be escaped
    }
  }

  private processPossibleHeredoc(): string {
    this.pos++;
    if (this.peek() !== '<') return '<';
    this.pos++;
    // `<< EOF` stays one word so the heredoc delimiter can be found after it.
    let space = '';
    for (let ch = this.peek(); ch === ' ' || ch === '\t' || ch === '\r'; ch = this.peek()) {
      space += ch;
      this.pos++;
    }
    return '<<' + space;
  }

  private lookup(name: string): string | undefined {
    const v = this.env.get(name);
    if (v === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return v;
  }

  private processDollar(): string {
    this.pos++;
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.lookup(name);
      if (value === undefined && this.opts.skipUnsetEnv) return '$' + name;
      return value ?? '';
    }
    this.pos++;
    const first = this.peek();
    if (first === undefined) throw invalidArgument("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw invalidArgument('syntax error: bad substitution');
    const name = this.processName();
    let op = this.next();
    let ops = op ?? '\uFFFD';
    if (op === '}') {
      const value = this.lookup(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (op === '/') return this.processReplace(name);
    let nullIsUnset = false;
    if (op === ':') {
      nullIsUnset = true;
      op = this.next();
      ops += op ?? '\uFFFD';
    } else if (op !== '+' && op !== '-' && op !== '?' && op !== '#' && op !== '%') {
      throw invalidArgument(`unsupported modifier (${ops}) in substitution`);
    }
    const trims = op === '#' || op === '%';
    if (nullIsUnset && trims) throw invalidArgument(`unsupported modifier (${ops}) in substitution`);
    let word = this.argumentUntil('}', trims, "syntax error: missing '}'");
    const value = this.lookup(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}${ops}${word}}`;
    const empty = value === undefined || (nullIsUnset && value === '');
    switch (op) {
      case '-':
        return empty ? word : (value as string);
      case '+':
        return empty ? '' : word;
      case '?':
        if (value === undefined) throw invalidArgument(`${name}: ${word || 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') throw invalidArgument(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '#':
      case '%': {
        const greedy = word.startsWith(op);
        if (greedy) word = word.slice(1);
        return op === '%' ? trimSuffix(word, value ?? '', greedy) : trimPrefix(word, value ?? '', greedy);
      }
      default:
        throw invalidArgument(`unsupported modifier (${ops}) in substitution`);
    }
  }

  private processReplace(name: string): string {
    const all = this.peek() === '/';
    if (all) this.pos++;
    const pattern = this.argumentUntil('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.argumentUntil('}', true, "syntax error: missing '}'");
    const value = this.lookup(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}/${pattern}/${replacement}}`;
    return replacePattern(pattern, value ?? '', replacement, all);
  }

  /** A modifier's argument; running off the end gets the ${}-specific message. */
  private argumentUntil(stop: string, rawEscapes: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).text;
    } catch (err) {
      if (this.peek() === undefined) throw invalidArgument(missing);
      throw err;
    }
  }

  /** A variable name: letters, digits and _, or one run of digits (positional), or one special parameter. */
  private processName(): string {
    let name = '';
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (name === '' && /\p{Nd}/u.test(ch)) {
        while (this.peek() !== undefined && /\p{Nd}/u.test(this.peek() as string)) name += this.next();
        return name;
      }
      if (name === '' && '@*#?-$!0'.includes(ch)) {
        this.pos++;
        return ch;
      }
      if (!/[\p{L}\p{Nd}_]/u.test(ch)) break;
      name += ch;
      this.pos++;
    }
    return name;
  }
}
