/**
 * Parser directives: `# escape=`, `# syntax=`, `# check=` comment lines at the
 * very top of a Dockerfile. The first line that is not one (a blank line, an
 * ordinary comment, an instruction) ends them for good.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { trimLeftSpace } from './go-text.js';

export type DirectiveName = 'syntax' | 'escape' | 'check';

export interface Directive {
  name: DirectiveName;
  value: string;
  line: number;
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
const KNOWN = new Set<string>(['syntax', 'escape', 'check']);

export class DirectiveParser {
  private done = false;
  private line = 0;
  private readonly seen = new Set<string>();

  /** Feeds the next physical line; returns the directive it holds, if any. */
  parseLine(text: string): Directive | undefined {
    this.line++;
    if (this.done) return undefined;
    if (!text.startsWith('#')) {
      this.done = true;
      return undefined;
    }
    const m = DIRECTIVE.exec(trimLeftSpace(text.slice(1)));
    const name = m?.[1]?.toLowerCase();
    if (!m || name === undefined || !KNOWN.has(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) throw invalidArgument(`only one ${name} parser directive can be used`);
    this.seen.add(name);
    return { name: name as DirectiveName, value: m[2] as string, line: this.line };
  }
}

/** The escape character also continues lines; only backslash and backtick are allowed. */
export function checkEscapeToken(value: string): string {
  if (value !== '`' && value !== '\\') throw invalidArgument(`invalid escape token '${value}' does not match \` or \\`);
  return value;
}
