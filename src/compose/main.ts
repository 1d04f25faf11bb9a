/**
 * `compose`: v2's global flags, the command table, help, and errors worded as
 * Docker Compose v2 prints them. Shared by `wharf compose …` and the docker CLI
 * plugin (`docker compose …`); `bin` says which one the user typed.
 */
import { ApiClient } from '../client/client.js';
import { isApiError } from '../client/errors.js';
import { resolveHost } from '../client/host.js';
import { FlagError, flagUsages, parseFlags, type FlagDef, type Flags } from '../util/flags.js';
import { ComposeError, type ComposeCommand, type ComposeContext, type GlobalOptions } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import type { LoadOptions } from './loader/options.js';
import type { Project } from './types.js';

export const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: 'file', short: 'f', type: 'list', description: 'Compose configuration files' },
  { name: 'project-name', short: 'p', type: 'string', description: 'Project name' },
  { name: 'profile', type: 'list', description: 'Specify a profile to enable' },
  { name: 'env-file', type: 'list', description: 'Specify an alternate environment file' },
  { name: 'project-directory', type: 'string', description: 'Specify an alternate working directory (default: the path of the, first specified, Compose file)' },
  { name: 'progress', type: 'string', description: 'Set type of progress output (auto, tty, plain, json, quiet)' },
  { name: 'ansi', type: 'string', description: 'Control when to print ANSI control characters ("never"|"always"|"auto")', default: 'auto' },
  { name: 'parallel', type: 'int', description: 'Control max parallelism, -1 for unlimited', default: -1 },
  { name: 'dry-run', type: 'bool', description: 'Execute command in dry run mode' },
  { name: 'compatibility', type: 'bool', description: 'Run compose in backward compatibility mode', hidden: true },
  { name: 'version', short: 'v', type: 'bool', description: 'Show the Docker Compose version information', hidden: true },
];

export interface ComposeMainOptions {
  /** `docker compose` or `wharf compose`: how help and errors name the program. */
  bin: string;
  /** A daemon address given to the parent program (`docker -H …`); else DOCKER_HOST. */
  host?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

async function mainHelp(bin: string): Promise<string> {
  const rows = await Promise.all(COMMANDS.map(async (e) => ({ name: e.name, description: (await e.load()).command.description })));
  const width = Math.max(...rows.map((r) => r.name.length)) + 3;
  return (
    `\nUsage:  ${bin} [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\n` +
    `Options:\n${flagUsages(GLOBAL_FLAGS)}\n\nCommands:\n${rows.map((r) => `  ${r.name.padEnd(width)}${r.description}`).join('\n')}\n\n` +
    `Run '${bin} COMMAND --help' for more information on a command.\n`
  );
}

function commandHelp(cmd: ComposeCommand, commandPath: string): string {
  let out = `\nUsage:  ${commandPath} ${cmd.usage}\n\n${cmd.description}\n`;
  if (cmd.aliases?.length) out += `\nAliases:\n  ${[cmd.name, ...cmd.aliases].map((a) => commandPath.replace(/\S+$/, a)).join(', ')}\n`;
  const options = flagUsages(cmd.flags);
  if (options !== '') out += `\nOptions:\n${options}\n`;
  return out;
}

function checkArgs(cmd: ComposeCommand, args: readonly string[], commandPath: string): void {
  const { minArgs: min, maxArgs: max } = cmd;
  const n = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  if (max === 0 && args.length > 0) throw new ComposeError(`"${commandPath}" accepts no arguments`);
  if (min !== undefined && args.length < min) throw new ComposeError(`"${commandPath}" requires at least ${n(min)}`);
  if (max !== undefined && args.length > max) throw new ComposeError(`"${commandPath}" requires at most ${n(max)}`);
}

function globalOptions(flags: Flags): GlobalOptions {
  const ansi = flags.string('ansi');
  if (ansi !== 'never' && ansi !== 'always' && ansi !== 'auto') throw new ComposeError(`unsupported --ansi value "${ansi}"`);
  return { progress: flags.string('progress'), ansi, parallel: flags.int('parallel'), dryRun: flags.bool('dry-run') };
}

function loadOptions(flags: Flags, env: Readonly<Record<string, string | undefined>>): LoadOptions {
  const files = flags.changed('file') ? flags.list('file') : (env.COMPOSE_FILE ?? '').split(env.COMPOSE_PATH_SEPARATOR || ':').filter((f) => f !== '');
  return {
    configFiles: files,
    projectName: flags.changed('project-name') ? flags.string('project-name') : undefined,
    projectDirectory: flags.changed('project-directory') ? flags.string('project-directory') : undefined,
    envFiles: flags.list('env-file'),
    profiles: flags.list('profile'),
    env,
    onWarning: (message) => process.stderr.write(`WARN[0000] ${message}\n`),
    cwd: process.cwd(),
    readStdin: readAll,
  };
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one compose invocation; prints its error, if any, as v2 does and returns the exit code. */
export async function composeMain(argv: string[], opts: ComposeMainOptions): Promise<number> {
  try {
    return await dispatch(argv, opts);
  } catch (err) {
    const text = composeErrorText(err);
    if (text !== '') process.stderr.write(`${text}\n`);
    return err instanceof ComposeError ? err.code : 1;
  }
}

async function dispatch(argv: string[], opts: ComposeMainOptions): Promise<number> {
  const env = opts.env ?? process.env;
  const { bin } = opts;
  let global;
  try {
    global = parseFlags(argv, GLOBAL_FLAGS, { interspersed: false });
  } catch (err) {
    if (err instanceof FlagError) throw new ComposeError(err.message);
    throw err;
  }
  const [name, ...rest] = global.args;
  if (global.flags.bool('version')) return runCommand(bin, 'version', [], global.flags, env, opts.host);
  if (name === undefined || global.help || name === 'help') {
    process.stdout.write(await mainHelp(bin));
    return 0;
  }
  return runCommand(bin, name, rest, global.flags, env, opts.host);
}

async function runCommand(bin: string, name: string, argv: string[], globalFlags: Flags, env: Readonly<Record<string, string | undefined>>, host: string | undefined): Promise<number> {
  const entry = findCommand(name);
  if (!entry) throw new ComposeError(`unknown docker command: "${bin.split(' ').slice(1).concat(name).join(' ')}"`);
  const { command } = await entry.load();
  const commandPath = `${bin} ${command.name}`;
  let parsed;
  try {
    parsed = parseFlags(argv, command.flags, { interspersed: command.interspersed });
  } catch (err) {
    if (err instanceof FlagError) throw new ComposeError(err.message);
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(commandHelp(command, commandPath));
    return 0;
  }
  checkArgs(command, parsed.args, commandPath);
  const options = loadOptions(globalFlags, env);
  const ctx = new Context(options, globalOptions(globalFlags), parsed.flags, parsed.args, env, commandPath, host);
  try {
    return (await command.run(ctx)) ?? 0;
  } finally {
    ctx.close();
  }
}

class Context implements ComposeContext {
  private apiClient: ApiClient | undefined;
  /** One load per set of named services (they enable profiles, so they may change the project). */
  private readonly loaded = new Map<string, Promise<Project>>();

  constructor(
    readonly loadOptions: LoadOptions,
    readonly global: GlobalOptions,
    readonly flags: Flags,
    readonly args: readonly string[],
    readonly env: Readonly<Record<string, string | undefined>>,
    readonly commandPath: string,
    private readonly host: string | undefined,
  ) {}

  get client(): ApiClient {
    this.apiClient ??= new ApiClient(resolveHost(this.host, this.env), this.env.DOCKER_API_VERSION || undefined);
    return this.apiClient;
  }

  project(services: readonly string[] = []): Promise<Project> {
    const key = JSON.stringify([...services].sort());
    let loaded = this.loaded.get(key);
    if (!loaded) {
      loaded = import('./loader/index.js').then(({ loadProject }) => loadProject({ ...this.loadOptions, services }));
      this.loaded.set(key, loaded);
    }
    return loaded;
  }

  async projectName(): Promise<string> {
    const given = this.loadOptions.projectName ?? this.env.COMPOSE_PROJECT_NAME;
    if (given) {
      const { checkProjectName } = await import('./loader/project-name.js');
      return checkProjectName(given);
    }
    return (await this.project()).name;
  }

  // process.stdin is only created when a command reads it: creating it sets up the terminal or pipe.
  get stdin(): NodeJS.ReadStream {
    return process.stdin;
  }

  get stdout(): NodeJS.WriteStream {
    return process.stdout;
  }

  get stderr(): NodeJS.WriteStream {
    return process.stderr;
  }

  close(): void {
    this.apiClient?.close();
  }
}

/** The text v2 prints for a failure. */
function composeErrorText(err: unknown): string {
  if (isApiError(err)) return `Error response from daemon: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
