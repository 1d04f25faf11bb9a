/**
 * The commands that only move the project's existing containers from one
 * state to another: one table, one handler, as their v2 counterparts differ
 * only in the transition and which containers they pick.
 */
import type { ComposeCommand } from '../command.js';
import type { Transition } from './lifecycle.js';
import type { ObservedContainer } from './observed.js';
import { eachContainer } from './services.js';
import { projectOrName, withIo } from './session.js';
import type { FlagDef } from '../../util/flags.js';

const TIMEOUT: FlagDef = { name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' };

export function transitionCommand(
  name: string,
  description: string,
  t: Transition,
  which: (c: ObservedContainer) => boolean,
  flags: readonly FlagDef[] = [],
): ComposeCommand {
  return {
    name,
    usage: '[OPTIONS] [SERVICE...]',
    description,
    flags,
    async run(ctx) {
      const options = {
        timeout: flags.includes(TIMEOUT) && ctx.flags.changed('timeout') ? ctx.flags.int('timeout') : undefined,
        signal: flags.some((f) => f.name === 'signal') ? ctx.flags.string('signal') : undefined,
      };
      await withIo(ctx, await projectOrName(ctx, ctx.args), (io) => eachContainer(io, ctx.args, t, which, options));
    },
  };
}

export const running = (c: ObservedContainer): boolean => c.state === 'running';
export const restartFlags = [TIMEOUT, { name: 'no-deps', type: 'bool', description: "Don't restart dependent services" } as FlagDef];
