/**
 * `wharf`: parses the global options, finds the command (top-level or under
 * a management group), parses its flags, runs it against the daemon's API
 * and exits with docker's exit codes. Help texts and the version load only
 * when asked for: start-up is what every command pays.
 */
import { ApiClient } from '../client/client.js';
import { resolveHost } from '../client/host.js';
import { findEntry, findGroup, invocations, TOP_LEVEL, GROUPS, type Entry } from './commands/index.js';
import type { Command, CommandContext } from './lib/command.js';
import { errorText, StatusError } from './lib/errors.js';
import { FlagError, parseFlags, type FlagDef } from '../util/flags.js';

const BIN = 'wharf';

/** -D: errors come with their stack. */
let debug = false;

const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: 'host', short: 'H', type: 'string', description: 'Daemon socket to connect to' },
  { name: 'debug', short: 'D', type: 'bool', description: 'Enable debug mode' },
  { name: 'log-level', short: 'l', type: 'string', description: 'Set the logging level ("debug", "info", "warn", "error", "fatal")', default: 'info' },
  { name: 'config', type: 'string', description: 'Location of client config files', hidden: true },
  { name: 'context', short: 'c', type: 'string', description: 'Name of the context to use', hidden: true },
  { name: 'version', short: 'v', type: 'bool', description: 'Print version information and quit' },
];

function usageError(err: FlagError, usageLine: string, commandPath: string): StatusError {
  return new StatusError(125, `${err.message}\n\nUsage:  ${usageLine}\n\nRun '${commandPath} --help' for more information`);
}

/** cobra's argument checks, worded as the docker CLI words them. */
function checkArgs(cmd: Command, args: string[], commandPath: string, usageLine: string): void {
  const count = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;
  const { minArgs: min, maxArgs: max } = cmd;
  let problem: string | undefined;
  let verb = 'Run';
  if (max === 0 && args.length > 0) problem = `'${commandPath}' accepts no arguments`;
  else if (min !== undefined && min === max && args.length !== min) problem = `'${commandPath}' requires ${count(min)}`;
  else if (min !== undefined && max !== undefined && (args.length < min || args.length > max)) problem = `'${commandPath}' requires at least ${min} and at most ${count(max)}`;
  else if (min !== undefined && args.length < min) {
    problem = `'${commandPath}' requires at least ${count(min)}`;
    verb = 'See';
  } else if (max !== undefined && args.length > max) problem = `'${commandPath}' requires at most ${count(max)}`;
  if (problem) throw new StatusError(1, `${BIN}: ${problem}\n\nUsage:  ${usageLine}\n\n${verb} '${commandPath} --help' for more information`);
}

async function runCommand(entry: Entry, path: string[], argv: string[], host: string | undefined): Promise<number> {
  const { command } = await entry.load();
  const commandPath = [BIN, ...path].join(' ');
  const usageLine = `${commandPath} ${command.usage}`;
  let parsed;
  try {
    parsed = parseFlags(argv, command.flags, { interspersed: command.interspersed });
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, usageLine, commandPath);
    throw err;
  }
  if (parsed.help) {
    const { commandHelp } = await import('./lib/help.js');
    process.stdout.write(commandHelp(command, commandPath, invocations(BIN, entry)));
    return 0;
  }
  checkArgs(command, parsed.args, commandPath, usageLine);
  const client = new ApiClient(resolveHost(host, process.env), process.env.DOCKER_API_VERSION || undefined);
  const ctx: CommandContext = {
    client,
    // process.stdin is only created when a command reads it: creating it sets up the terminal or pipe.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    commandPath,
    usageLine,
  };
  try {
    return (await command.run(ctx, parsed.flags, parsed.args)) ?? 0;
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, usageLine, commandPath);
    throw err;
  } finally {
    client.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let global;
  try {
    global = parseFlags(argv, GLOBAL_FLAGS, { interspersed: false });
  } catch (err) {
    if (err instanceof FlagError) throw usageError(err, `${BIN} [OPTIONS] COMMAND [ARG...]`, BIN);
    throw err;
  }
  const { flags, args } = global;
  debug = flags.bool('debug') || Boolean(process.env.WHARF_DEBUG);
  if (flags.bool('version')) {
    const { clientVersion } = await import('./lib/version.js');
    process.stdout.write(`Wharf version ${clientVersion()}\n`);
    return 0;
  }
  const host = flags.changed('host') ? flags.string('host') : undefined;
  const [name, ...rest] = args;
  if (name === undefined || global.help || name === 'help') {
    const { mainHelp } = await import('./lib/help.js');
    process.stdout.write(await mainHelp(BIN, GLOBAL_FLAGS, GROUPS, TOP_LEVEL));
    return 0;
  }
  if (name === 'registry') return (await import('./registry.js')).registryMain(rest);
  if (name === 'compose') return (await import('../compose/index.js')).composeMain(rest, { bin: `${BIN} compose`, host });
  const group = findGroup(name);
  if (group) {
    const [sub, ...subArgs] = rest;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      const { groupHelp } = await import('./lib/help.js');
      process.stdout.write(await groupHelp(BIN, group));
      return 0;
    }
    const entry = findEntry(group.entries, sub);
    if (!entry) throw new StatusError(1, `${BIN}: unknown command: ${BIN} ${group.name} ${sub}\n\nUsage:  ${BIN} ${group.name}\n\nRun '${BIN} ${group.name} --help' for more information`);
    return runCommand(entry, [group.name, entry.name], subArgs, host);
  }
  const entry = findEntry(TOP_LEVEL, name);
  if (!entry) throw new StatusError(1, `${BIN}: unknown command: ${BIN} ${name}\n\nRun '${BIN} --help' for more information`);
  return runCommand(entry, [entry.name], rest, host);
}

function exit(code: number): void {
  // Let stdout drain (a pipe reader may be slow) before leaving.
  process.stdout.write('', () => process.exit(code));
}

// A reader that went away (`wharf ps | head -1`) ends us quietly, as SIGPIPE ends docker.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(141);
  throw err;
});

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  if (err instanceof StatusError) {
    if (err.message !== '') process.stderr.write(`${err.message}\n`);
    exit(err.code);
    return;
  }
  process.stderr.write(`${errorText(err)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  exit(1);
});
