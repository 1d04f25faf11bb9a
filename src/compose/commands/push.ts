/** `compose push`: push the services' images to their registries. */
import type { ComposeCommand } from '../command.js';
import { forEachImage, pushServiceImage } from '../project/images.js';
import { selectServices } from '../project/io.js';
import { withIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'push',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Push service images',
  flags: [
    { name: 'ignore-push-failures', type: 'bool', description: 'Push what it can and ignores images with push failures' },
    { name: 'include-deps', type: 'bool', description: 'Also push images of services declared as dependencies' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Push without printing progress information' },
  ],
  async run(ctx) {
    const project = await ctx.project(ctx.args);
    const services = selectServices(project, ctx.args).filter((s) => s.image);
    await withIo(ctx, project, (io) => forEachImage(services, (s) => pushServiceImage(io, s), ctx.flags.bool('ignore-push-failures')));
  },
};
