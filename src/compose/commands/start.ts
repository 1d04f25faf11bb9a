/** `compose start`: start the existing containers, in dependency order. */
import type { ComposeCommand } from '../command.js';
import { startServices } from '../project/services.js';
import { withIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'start',
  usage: '[SERVICE...]',
  description: 'Start services',
  flags: [
    { name: 'wait', type: 'bool', description: 'Wait for services to be running|healthy. Implies detached mode.', hidden: true },
  ],
  async run(ctx) {
    await withIo(ctx, await ctx.project(ctx.args), (io) => startServices(io, ctx.args));
  },
};
