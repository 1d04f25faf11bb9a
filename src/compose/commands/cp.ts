/** `compose cp`: docker cp with `SERVICE:PATH` naming the service's container. */
import { ComposeError, type ComposeCommand } from '../command.js';
import { runDockerCommand } from '../project/docker-command.js';
import { serviceContainer } from '../project/services.js';
import { composeIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'cp',
  usage: '[OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH',
  description: 'Copy files/folders between a service container and the local filesystem',
  minArgs: 2,
  maxArgs: 2,
  flags: [
    { name: 'all', type: 'bool', description: 'Include containers created by the run command', hidden: true },
    { name: 'archive', short: 'a', type: 'bool', description: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', type: 'bool', description: 'Always follow symbol link in SRC_PATH' },
    { name: 'index', type: 'int', description: 'Index of the container if service has multiple replicas', default: 0 },
  ],
  async run(ctx) {
    const io = composeIo(ctx, await ctx.project());
    const args: string[] = [];
    let found = false;
    for (const arg of ctx.args) {
      const m = /^([^:/]+):(.*)$/.exec(arg);
      if (!m) {
        args.push(arg);
        continue;
      }
      const c = await serviceContainer(io, m[1]!, ctx.flags.int('index'), false);
      args.push(`${c.id}:${m[2]}`);
      found = true;
    }
    if (!found) throw new ComposeError('one of the arguments must be SERVICE:PATH');
    return runDockerCommand(ctx, 'cp', [...(ctx.flags.bool('archive') ? ['-a'] : []), ...(ctx.flags.bool('follow-link') ? ['-L'] : []), ...args]);
  },
};
