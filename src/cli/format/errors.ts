/**
 * Template errors worded as Go's text/template words them, because scripts
 * and users match on docker's output: parse errors name the line
 * (`template: :1: function "foo" not defined`), execution errors the line,
 * column and action (`template: :1:2: executing "" at <.Foo>: …`).
 */
function lineOf(src: string, pos: number): { line: number; col: number } {
  const before = src.slice(0, pos);
  const line = before.split('\n').length;
  return { line, col: pos - (before.lastIndexOf('\n') + 1) };
}

export class TemplateError extends Error {
  constructor(message: string, src: string, pos: number) {
    super(`template: :${lineOf(src, pos).line}: ${message}`);
    this.name = 'TemplateError';
  }
}

export class TemplateExecError extends Error {
  constructor(message: string, src: string, pos: number, nodeText: string) {
    const { line, col } = lineOf(src, pos);
    super(`template: :${line}:${col}: executing "" at <${nodeText}>: ${message}`);
    this.name = 'TemplateExecError';
  }
}
