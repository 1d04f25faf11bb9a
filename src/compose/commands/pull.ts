/** `compose pull`: pull the services' images (those with only a build section are skipped). */
import type { ComposeCommand } from '../command.js';
import { forEachImage, pullServiceImage } from '../project/images.js';
import { selectServices } from '../project/io.js';
import { withIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'pull',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Pull service images',
  flags: [
    { name: 'ignore-buildable', type: 'bool', description: 'Ignore images that can be built' },
    { name: 'ignore-pull-failures', type: 'bool', description: 'Pull what it can and ignores images with pull failures' },
    { name: 'include-deps', type: 'bool', description: 'Also pull services declared as dependencies' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Pull without printing progress information' },
  ],
  async run(ctx) {
    const project = await ctx.project(ctx.args);
    const services = selectServices(project, ctx.args).filter((s) => s.image && !(ctx.flags.bool('ignore-buildable') && s.build));
    await withIo(ctx, project, (io) => forEachImage(services, (s) => pullServiceImage(io, s), ctx.flags.bool('ignore-pull-failures')));
  },
};
