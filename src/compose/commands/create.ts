/** `compose create`: `up --no-start`. */
import type { ComposeCommand } from '../command.js';
import { up } from '../project/convergence.js';
import { withIo } from '../project/session.js';
import { buildMode, pullMode, recreatePolicy, scales } from './up.js';

export const command: ComposeCommand = {
  name: 'create',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Creates containers for a service',
  flags: [
    { name: 'build', type: 'bool', description: 'Build images before starting containers' },
    { name: 'force-recreate', type: 'bool', description: "Recreate containers even if their configuration and image haven't changed" },
    { name: 'no-build', type: 'bool', description: "Don't build an image, even if it's policy" },
    { name: 'no-recreate', type: 'bool', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    { name: 'pull', type: 'string', description: 'Pull image before running ("always"|"missing"|"never"|"build")', default: 'policy' },
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'scale', type: 'list', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
  ],
  async run(ctx) {
    const options = { services: ctx.args, noStart: true, recreate: recreatePolicy(ctx), build: buildMode(ctx), pull: pullMode(ctx.flags.string('pull')), removeOrphans: ctx.flags.bool('remove-orphans'), scale: scales(ctx.flags.list('scale')) };
    await withIo(ctx, await ctx.project(ctx.args), (io) => up(io, options));
  },
};
