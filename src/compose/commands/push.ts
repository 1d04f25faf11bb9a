/** `compose push`: push the services' images to their registries. */
import type { ComposeCommand } from '../command.js';
import { pushServiceImage } from '../project/images.js';
import { selectServices } from '../project/io.js';
import { composeIo } from '../project/session.js';

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
    const io = composeIo(ctx, project);
    try {
      const results = await Promise.allSettled(selectServices(project, ctx.args).filter((s) => s.image).map((s) => pushServiceImage(io, s)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed && !ctx.flags.bool('ignore-push-failures')) throw failed.reason;
    } finally {
      io.progress.done();
    }
  },
};
