/**
 * docker inspect's output: a JSON array indented by four spaces, or with
 * `-f` the template per object; objects that cannot be found are reported
 * as `Error: No such <kind>: <name>` after what could be printed (exit 1).
 */
import { isApiError } from '../../client/errors.js';
import { compile, renderOne } from '../format/formatter.js';
import type { Template } from '../format/exec.js';
import type { CommandContext } from './command.js';
import { errorText, StatusError } from './errors.js';
import type { FlagDef } from '../../util/flags.js';

export const INSPECT_FORMAT_FLAG: FlagDef = {
  name: 'format',
  short: 'f',
  type: 'string',
  description: "Format output using a custom template: 'json' or a Go TEMPLATE",
};

/** Fetches one object; `undefined` means "no such object" for this getter. */
export type Getter = (name: string) => Promise<unknown>;

/** A getter over an API call where a 404 means "not this kind". */
export function notFoundAsUndefined(get: (name: string) => Promise<unknown>): Getter {
  return async (name) => {
    try {
      return await get(name);
    } catch (err) {
      if (isApiError(err) && err.statusCode === 404) return undefined;
      throw err;
    }
  };
}

function compileInspectFormat(format: string): Template {
  try {
    return compile(format);
  } catch (err) {
    // docker inspect exits 64 (EX_USAGE) on a format that does not parse
    throw new StatusError(64, (err as Error).message);
  }
}

/** Prints the inspect output for names, trying each getter in turn; `kind` names the miss. */
export async function printInspect(ctx: CommandContext, names: readonly string[], getters: readonly Getter[], kind: string, format: string): Promise<void> {
  const tmpl = format !== '' && format !== 'json' ? compileInspectFormat(format) : undefined;
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of names) {
    try {
      let value: unknown;
      for (const get of getters) {
        value = await get(name);
        if (value !== undefined) break;
      }
      if (value === undefined) errors.push(`Error: No such ${kind}: ${name}`);
      else found.push(value);
    } catch (err) {
      errors.push(errorText(err));
    }
  }
  if (tmpl) {
    let out = '';
    for (const v of found) {
      try {
        out += renderOne(tmpl, v);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    ctx.stdout.write(out === '' ? '\n' : out);
  } else {
    ctx.stdout.write(`${format === 'json' ? JSON.stringify(found) : JSON.stringify(found, null, 4)}\n`);
  }
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
}
