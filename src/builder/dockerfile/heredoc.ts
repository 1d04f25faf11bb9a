/**
 * Heredocs (`RUN <<EOF`, `COPY <<-"EOF" /dst`): finding the delimiter words on
 * an instruction line and deciding whether the body is subject to expansion.
 */
import { isInvalidArgument } from '../../errdefs/index.js';
import { ShellLex, emptyEnv } from './shell-lex.js';

export interface Heredoc {
  /** The delimiter word with quotes removed (also the file name for COPY <<NAME). */
  name: string;
  /** `3<<EOF` names a file descriptor; 0 when none was given. */
  fileDescriptor: number;
  /** False when any part of the delimiter was quoted: the body is then taken literally. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator line. */
  chomp: boolean;
  /** The body, each line with its newline, the terminator line excluded. */
  content: string;
}

// Go's \s is [\t\n\f\r ]; JavaScript's would also match \v and Unicode spaces.
const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

const plainLex = new ShellLex('\\', { skipUnsetEnv: true });
const rawQuoteLex = new ShellLex('\\', { skipUnsetEnv: true, rawQuotes: true });
const lineLex = new ShellLex('\\', { skipUnsetEnv: true, rawQuotes: true, rawEscapes: true });

/** The heredoc a word such as `<<EOF` or `2<<-'END'` introduces, or undefined if it is no heredoc. */
export function parseHeredoc(word: string): Heredoc | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m) return undefined;
  const rest = m[3] as string;
  if (rest === '') return undefined;
  const words = plainLex.processWords(rest, emptyEnv);
  if (words.length !== 1) return undefined;
  const raw = rawQuoteLex.processWords(rest, emptyEnv);
  // Quotes that the plain pass removed mean part of the delimiter was quoted.
  const quotes = (s: string): number => s.split('').filter((c) => c === '"' || c === "'").length;
  const name = words[0] as string;
  return {
    name,
    fileDescriptor: Number(m[1] || '0'),
    expand: quotes(name) === quotes(raw[0] ?? ''),
    chomp: m[2] === '-',
    content: '',
  };
}

/** parseHeredoc for a word that merely might be a heredoc (a COPY source): unreadable means no. */
export function mustParseHeredoc(word: string): Heredoc | undefined {
  try {
    return parseHeredoc(word);
  } catch (err) {
    if (isInvalidArgument(err)) return undefined;
    throw err;
  }
}

/** Every heredoc introduced on an instruction line, in order. */
export function heredocsFromLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = lineLex.processWords(line, emptyEnv);
  } catch (err) {
    // A line the lexer cannot read has no heredocs; its quoting is judged elsewhere.
    if (isInvalidArgument(err)) return [];
    throw err;
  }
  return words.map(parseHeredoc).filter((h): h is Heredoc => h !== undefined);
}

/** `<<-` bodies lose the leading tabs of every line. */
export function chompHeredocContent(content: string): string {
  return content.replace(/^\t+/gm, '');
}
