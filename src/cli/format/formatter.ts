/**
 * Docker's `--format` handling over the template engine: `table …` prints a
 * header row (the template run over the column names) and lines the output up
 * with a tabwriter; `json` is `{{json .}}`; literal `\t` and `\n` in a format
 * are tab and newline; every row ends with a newline.
 */
import { Template } from './exec.js';
import { HEADER_FUNCTIONS } from './funcs.js';
import { tabwrite } from './tabwriter.js';

export const TABLE_KEY = 'table';
export const JSON_KEY = 'json';
export const JSON_FORMAT = '{{json .}}';

export function isTable(format: string): boolean {
  return format.startsWith(TABLE_KEY);
}

/** The template text docker runs for a `--format` value. */
export function templateString(format: string): string {
  if (format === TABLE_KEY) return '';
  if (format === JSON_KEY) return JSON_FORMAT;
  const body = isTable(format) ? format.slice(TABLE_KEY.length) : format;
  return body.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

/** Docker wraps template failures in this prefix. */
export class FormatError extends Error {
  constructor(cause: Error) {
    super(`template parsing error: ${cause.message}`);
    this.name = 'FormatError';
  }
}

export function compile(format: string): Template {
  try {
    return Template.parse(templateString(format));
  } catch (err) {
    throw new FormatError(err as Error);
  }
}

/**
 * Renders rows with a docker format. `header` maps each field to its column
 * name (`ID` → `CONTAINER ID`) for `table` formats.
 */
export function renderRows(format: string, rows: readonly unknown[], header: Readonly<Record<string, string>>): string {
  const tmpl = compile(format);
  let body = '';
  for (const row of rows) {
    try {
      body += tmpl.execute(row) + '\n';
    } catch (err) {
      throw new FormatError(err as Error);
    }
  }
  if (!isTable(format)) return body;
  // Docker ignores header errors (e.g. a method with arguments over the header map) and keeps what was written.
  const head = tmpl.executePartial(header, HEADER_FUNCTIONS).output;
  return tabwrite(head + '\n' + body);
}

/** Renders one value (inspect -f) with a compiled format: the template output and a newline. */
export function renderOne(tmpl: Template, value: unknown): string {
  try {
    return tmpl.execute(value) + '\n';
  } catch (err) {
    throw new FormatError(err as Error);
  }
}
