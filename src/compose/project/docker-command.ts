/**
 * Runs one of `wharf`'s own commands (exec, cp, top, port…) on a container
 * Compose picked: Compose v2 does the same with the docker CLI's commands,
 * so the behaviour and messages are the docker CLI's.
 */
import { findEntry, TOP_LEVEL } from '../../cli/commands/index.js';
import { StatusError } from '../../cli/lib/errors.js';
import { parseFlags } from '../../util/flags.js';
import { ComposeError, type ComposeContext } from '../command.js';

export async function runDockerCommand(ctx: ComposeContext, name: string, argv: readonly string[]): Promise<number> {
  const entry = findEntry(TOP_LEVEL, name);
  if (!entry) throw new Error(`wharf has no ${name} command`);
  const { command } = await entry.load();
  const { flags, args } = parseFlags([...argv], command.flags, { interspersed: command.interspersed });
  try {
    const cliCtx = {
      client: ctx.client,
      get stdin() {
        return ctx.stdin;
      },
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      env: ctx.env,
      commandPath: ctx.commandPath,
      usageLine: ctx.commandPath,
    };
    return (await command.run(cliCtx, flags, args)) ?? 0;
  } catch (err) {
    if (err instanceof StatusError) throw new ComposeError(err.message, err.code);
    throw err;
  }
}
