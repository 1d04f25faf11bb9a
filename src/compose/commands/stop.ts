/** `compose stop`: stop the running containers, dependents first. */
import type { ComposeCommand } from '../command.js';
import { stopServices } from '../project/services.js';
import { projectOrName, withIo } from '../project/session.js';
import { timeoutFlag } from './up.js';

export const command: ComposeCommand = {
  name: 'stop',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Stop services',
  flags: [{ name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' }],
  async run(ctx) {
    await withIo(ctx, await projectOrName(ctx, ctx.args), (io) => stopServices(io, ctx.args, timeoutFlag(ctx)));
  },
};
