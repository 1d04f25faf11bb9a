import { createVolume } from '../../client/volumes.js';
import type { Command } from '../lib/command.js';
import { kvMap } from '../lib/kv.js';
import { StatusError } from '../lib/errors.js';

export const command: Command = {
  name: 'create',
  usage: '[OPTIONS] [VOLUME]',
  description: 'Create a volume',
  maxArgs: 1,
  flags: [
    { name: 'driver', short: 'd', type: 'string', description: 'Specify volume driver name (default "local")' },
    { name: 'label', type: 'list', description: 'Set metadata for a volume' },
    { name: 'name', type: 'string', description: 'Specify volume name' },
    { name: 'opt', short: 'o', type: 'list', description: 'Set driver specific options' },
  ],
  async run(ctx, flags, args) {
    const flagName = flags.string('name');
    if (flagName && args[0] && flagName !== args[0]) {
      throw new StatusError(1, `conflicting options: either specify --name or provide positional arg, not both`);
    }
    const v = await createVolume(ctx.client, {
      Name: args[0] ?? flagName,
      Driver: flags.string('driver') || 'local',
      DriverOpts: kvMap(flags.list('opt')),
      Labels: kvMap(flags.list('label')),
    });
    ctx.stdout.write(`${v.Name}\n`);
  },
};
