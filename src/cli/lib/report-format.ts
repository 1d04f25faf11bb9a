/** `--format` of the commands that print one report (info, version), as docker reads it. */
import { compile } from '../format/formatter.js';
import type { Template } from '../format/exec.js';
import type { Flags } from '../../util/flags.js';

/** The template `--format` asks for, or undefined for the text layout; `json` is the whole report as JSON. */
export function reportTemplate(flags: Flags): Template | undefined {
  const format = flags.string('format');
  return format === '' ? undefined : compile(format === 'json' ? '{{json .}}' : format);
}
