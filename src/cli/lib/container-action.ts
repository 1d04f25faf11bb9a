/**
 * The shape shared by commands that do one thing to each named container
 * (stop, kill, rm, pause …): run it for every argument, print each argument
 * that succeeded, report all failures together.
 */
import type { Command, CommandContext } from './command.js';
import { forEachTarget } from './errors.js';
import type { FlagDef, Flags } from '../../util/flags.js';

export interface ContainerActionSpec<T> {
  name: string;
  description: string;
  flags?: readonly FlagDef[];
  /** What each argument names in the usage line; CONTAINER by default (pod commands: POD). */
  operand?: string;
  op(ctx: CommandContext, flags: Flags, container: string): Promise<T>;
  /** What to print for a success; the argument itself by default. */
  line?(container: string, result: T): string;
}

export function containerAction<T>(spec: ContainerActionSpec<T>): Command {
  return {
    name: spec.name,
    usage: `${spec.flags?.length ? '[OPTIONS] ' : ''}${spec.operand ?? 'CONTAINER'} [${spec.operand ?? 'CONTAINER'}...]`,
    description: spec.description,
    flags: spec.flags ?? [],
    minArgs: 1,
    async run(ctx, flags, args) {
      await forEachTarget(
        args,
        (id) => spec.op(ctx, flags, id),
        (id, result) => ctx.stdout.write(`${spec.line ? spec.line(id, result) : id}\n`),
      );
    },
  };
}
