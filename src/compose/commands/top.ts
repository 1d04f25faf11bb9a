/** `compose top`: each running container's processes, under its name. */
import type { ComposeCommand } from '../command.js';
import { runDockerCommand } from '../project/docker-command.js';
import { serviceContainers } from '../project/services.js';
import { composeIo, projectOrName } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'top',
  usage: '[SERVICES...]',
  description: 'Display the running processes',
  flags: [],
  async run(ctx) {
    const io = composeIo(ctx, await projectOrName(ctx, ctx.args));
    for (const c of await serviceContainers(io, ctx.args, (x) => x.state === 'running')) {
      ctx.stdout.write(`${c.name}\n`);
      await runDockerCommand(ctx, 'top', [c.id]);
      ctx.stdout.write('\n');
    }
  },
};
