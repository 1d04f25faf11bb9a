/** Picks the `--format` a list command uses, as docker's New*Format functions do. */
import type { FlagDef } from '../../util/flags.js';
import { JSON_FORMAT, JSON_KEY, TABLE_KEY } from '../format/formatter.js';

export const QUIET_FORMAT = '{{.ID}}';

export function listFormat(source: string, o: { quiet: boolean; table: string }): string {
  if (source === '' || source === TABLE_KEY) return o.quiet ? QUIET_FORMAT : o.table;
  if (o.quiet) return QUIET_FORMAT;
  return source === JSON_KEY ? JSON_FORMAT : source;
}

export const FORMAT_FLAG: FlagDef = {
  name: 'format',
  type: 'string',
  description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go TEMPLATE",
};
