/** `compose wait SERVICE…`: block until the services' containers stop; the first exit code. */
import { waitContainer } from '../../client/containers.js';
import type { ComposeCommand } from '../command.js';
import { down } from '../project/down.js';
import { serviceContainers } from '../project/services.js';
import { composeIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'wait',
  usage: 'SERVICE [SERVICE...] [OPTIONS]',
  description: 'Block until containers of all (or specified) services stop.',
  minArgs: 1,
  flags: [{ name: 'down-project', type: 'bool', description: 'Drops project when the first container stops' }],
  async run(ctx) {
    const io = composeIo(ctx, await ctx.project(ctx.args));
    const containers = await serviceContainers(io, ctx.args);
    const waits = await Promise.all(containers.map((c) => waitContainer(ctx.client, c.id, 'not-running')));
    const first = await Promise.race(waits.map((w) => w.result));
    if (ctx.flags.bool('down-project')) {
      await down(io);
      io.progress.done();
    } else {
      await Promise.all(waits.map((w) => w.result));
    }
    return first.StatusCode;
  },
};
