/** `compose down`: stop and remove the project's containers and networks (-v volumes, --rmi images). */
import { ComposeError, type ComposeCommand } from '../command.js';
import { down } from '../project/down.js';
import { projectOrName, withIo } from '../project/session.js';
import { timeoutFlag } from './up.js';

export const command: ComposeCommand = {
  name: 'down',
  usage: '[OPTIONS] [SERVICES]',
  description: 'Stop and remove containers, networks',
  flags: [
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'rmi', type: 'string', description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' },
    { name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' },
  ],
  async run(ctx) {
    const rmi = ctx.flags.string('rmi');
    if (rmi !== '' && rmi !== 'local' && rmi !== 'all') throw new ComposeError(`invalid value for --rmi: ${rmi}`);
    const options = {
      services: ctx.args,
      removeOrphans: ctx.flags.bool('remove-orphans') || ctx.env.COMPOSE_REMOVE_ORPHANS === 'true',
      volumes: ctx.flags.bool('volumes'),
      rmi: rmi === '' ? undefined : rmi,
      timeout: timeoutFlag(ctx),
    } as const;
    await withIo(ctx, await projectOrName(ctx, ctx.args), (io) => down(io, options));
  },
};
