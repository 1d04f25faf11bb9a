/**
 * What a `wharf` command is: its name, usage line, help text, flags and a
 * handler that gets the parsed flags, the arguments and a context holding the
 * API client and the process's stdio.
 */
import type { ApiClient } from '../../client/client.js';
import type { FlagDef, Flags } from '../../util/flags.js';

export interface CommandContext {
  readonly client: ApiClient;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How the command was invoked, e.g. `wharf container ls`. */
  readonly commandPath: string;
  /** `wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]` */
  readonly usageLine: string;
}

export interface Command {
  name: string;
  /** The usage after the command path: `[OPTIONS] CONTAINER [CONTAINER...]`. */
  usage: string;
  description: string;
  flags: readonly FlagDef[];
  /** false: flags end at the first argument (`run IMAGE CMD…`, `exec CONTAINER CMD…`). */
  interspersed?: boolean;
  minArgs?: number;
  maxArgs?: number;
  /** Returns the exit code (0 when void). */
  run(ctx: CommandContext, flags: Flags, args: string[]): Promise<number | void>;
}

/** A module per command exports `command`. */
export interface CommandModule {
  command: Command;
}
