/** `--help` texts laid out like the docker CLI's. */
import type { Command } from './command.js';
import { flagUsages, type FlagDef } from '../../util/flags.js';
import type { Entry, Group } from '../commands/index.js';

export function commandHelp(cmd: Command, commandPath: string, aliases: readonly string[]): string {
  let out = `\nUsage:  ${commandPath} ${cmd.usage}\n\n${cmd.description}\n`;
  if (aliases.length > 1) out += `\nAliases:\n  ${aliases.join(', ')}\n`;
  const options = flagUsages(cmd.flags);
  if (options !== '') out += `\nOptions:\n${options}\n`;
  return out;
}

/** A command table shows each command's summary: the first line of its description, as cobra's Short. */
async function commandList(entries: readonly Entry[]): Promise<string> {
  const summary = (text: string): string => text.split('\n', 1)[0] ?? '';
  const rows = await Promise.all(entries.map(async (e) => ({ name: e.name, description: summary((await e.load()).command.description) })));
  const width = Math.max(...rows.map((r) => r.name.length)) + 3;
  return rows.map((r) => `  ${r.name.padEnd(width)}${r.description}`).join('\n');
}

export async function groupHelp(bin: string, group: Group): Promise<string> {
  return `\nUsage:  ${bin} ${group.name} COMMAND\n\n${group.description}\n\nCommands:\n${await commandList(group.entries)}\n\nRun '${bin} ${group.name} COMMAND --help' for more information on a command.\n`;
}

export async function mainHelp(bin: string, globalFlags: readonly FlagDef[], groups: readonly Group[], commands: readonly Entry[]): Promise<string> {
  const groupRows = groups.map((g) => `  ${g.name.padEnd(12)}${g.description}`).join('\n');
  return (
    `\nUsage:  ${bin} [OPTIONS] COMMAND\n\nA container engine that speaks the Docker Engine API\n\n` +
    `Management Commands:\n${groupRows}\n\nCommands:\n${await commandList(commands)}\n\n` +
    `Global Options:\n${flagUsages(globalFlags)}\n\nRun '${bin} COMMAND --help' for more information on a command.\n`
  );
}
