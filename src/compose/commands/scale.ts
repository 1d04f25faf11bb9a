/** `compose scale SERVICE=NUM…`: `up` of those services with that many replicas, nothing else touched. */
import type { ComposeCommand } from '../command.js';
import { up } from '../project/convergence.js';
import { withIo } from '../project/session.js';
import { scales } from './up.js';

export const command: ComposeCommand = {
  name: 'scale',
  usage: '[SERVICE=REPLICAS...]',
  description: 'Scale services ',
  minArgs: 1,
  flags: [{ name: 'no-deps', type: 'bool', description: "Don't start linked services" }],
  async run(ctx) {
    const scale = scales(ctx.args);
    const services = Object.keys(scale);
    await withIo(ctx, await ctx.project(services), (io) => up(io, { services, scale, noDeps: ctx.flags.bool('no-deps'), recreate: 'never', recreateDeps: 'never' }));
  },
};
