/** `compose start`: start the existing containers, in dependency order. */
import type { ComposeCommand } from '../command.js';
import { startServices } from '../project/services.js';
import { composeIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'start',
  usage: '[SERVICE...]',
  description: 'Start services',
  flags: [
    { name: 'wait', type: 'bool', description: 'Wait for services to be running|healthy. Implies detached mode.', hidden: true },
  ],
  async run(ctx) {
    const io = composeIo(ctx, await ctx.project(ctx.args));
    try {
      await startServices(io, ctx.args);
    } finally {
      io.progress.done();
    }
  },
};
