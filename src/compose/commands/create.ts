/** `compose create`: `up --no-start`. */
import type { ComposeCommand } from '../command.js';
import { up } from '../project/convergence.js';
import { withIo } from '../project/session.js';
import { buildMode, CREATE_FLAGS, pullMode, recreatePolicy, scales } from './up.js';

export const command: ComposeCommand = {
  name: 'create',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Creates containers for a service',
  flags: CREATE_FLAGS,
  async run(ctx) {
    const options = { services: ctx.args, noStart: true, recreate: recreatePolicy(ctx), build: buildMode(ctx), pull: pullMode(ctx.flags.string('pull')), removeOrphans: ctx.flags.bool('remove-orphans'), scale: scales(ctx.flags.list('scale')) };
    await withIo(ctx, await ctx.project(ctx.args), (io) => up(io, options));
  },
};
