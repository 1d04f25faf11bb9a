/** `compose rm`: remove stopped service containers (-s stops them first), asking unless -f. */
import { createInterface } from 'node:readline/promises';
import type { ComposeCommand } from '../command.js';
import { stopServices, serviceContainers } from '../project/services.js';
import { transition } from '../project/lifecycle.js';
import { composeIo, projectOrName } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'rm',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Removes stopped service containers',
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: "Don't ask to confirm removal" },
    { name: 'stop', short: 's', type: 'bool', description: 'Stop the containers, if required, before removing' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove any anonymous volumes attached to containers' },
  ],
  async run(ctx) {
    const io = composeIo(ctx, await projectOrName(ctx, ctx.args), 'Removed');
    try {
      if (ctx.flags.bool('stop')) await stopServices(io, ctx.args);
      const stopped = await serviceContainers(io, ctx.args, (c) => c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting');
      if (stopped.length === 0) {
        ctx.stderr.write('No stopped containers\n');
        return;
      }
      if (!ctx.flags.bool('force')) {
        const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
        const answer = await rl.question(`Going to remove ${stopped.map((c) => c.name).join(', ')}\n? Are you sure? (y/N) `);
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) return;
      }
      await Promise.all(stopped.map((c) => transition(io.client, c, 'remove', io.progress, { volumes: ctx.flags.bool('volumes') })));
    } finally {
      io.progress.done();
    }
  },
};
