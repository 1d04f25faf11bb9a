/**
 * What a `compose` command is. Each command is one file in `commands/` exporting
 * `command: ComposeCommand`; `commands/index.ts` lists them, loaded on demand.
 */
import type { ApiClient } from '../client/client.js';
import type { FlagDef, Flags } from '../util/flags.js';
import type { LoadOptions } from './loader/options.js';
import type { Project } from './types.js';

/** The global flags of `docker compose`, parsed. */
export interface GlobalOptions {
  /** `--progress`: auto, tty, plain, json, quiet ('' when not given). */
  progress: string;
  /** `--ansi`: never, always, auto. */
  ansi: 'never' | 'always' | 'auto';
  /** `--parallel`: max concurrent engine calls, -1 for unlimited. */
  parallel: number;
  /** `--dry-run`. */
  dryRun: boolean;
}

export interface ComposeContext {
  /** The Engine API client (DOCKER_HOST, else the default socket); created on first use. */
  readonly client: ApiClient;
  /**
   * The project from the files, loaded once per set of `services`: the ones named on
   * the command line, which enable their profiles (and their dependencies), as v2 does.
   */
  project(services?: readonly string[]): Promise<Project>;
  /**
   * The project's name without reading the files when `-p` or COMPOSE_PROJECT_NAME
   * gives it (`down -p x`, `ps -p x` work without a compose file, as in v2).
   */
  projectName(): Promise<string>;
  /** The options the project is loaded with (commands such as `config` adjust and load themselves). */
  readonly loadOptions: LoadOptions;
  readonly global: GlobalOptions;
  readonly flags: Flags;
  readonly args: readonly string[];
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How the command was invoked: `docker compose up` or `wharf compose up`. */
  readonly commandPath: string;
}

export interface ComposeCommand {
  name: string;
  aliases?: readonly string[];
  /** The usage after the command path: `[OPTIONS] [SERVICE...]`. */
  usage: string;
  /** One line, shown in `compose --help`'s command list. */
  description: string;
  flags: readonly FlagDef[];
  /** false: flags end at the first argument (`run SERVICE CMD…`, `exec SERVICE CMD…`). */
  interspersed?: boolean;
  minArgs?: number;
  maxArgs?: number;
  /** Returns the exit code (0 when void). Throw ComposeError for a failure with a message. */
  run(ctx: ComposeContext): Promise<number | void>;
}

export interface ComposeCommandModule {
  command: ComposeCommand;
}

/** Ends the command with an exit code, printing message (when not empty) to stderr. */
export class ComposeError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'ComposeError';
  }
}
