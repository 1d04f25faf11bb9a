import { removeVolume } from '../../client/volumes.js';
import type { Command } from '../lib/command.js';
import { forEachTarget } from '../lib/errors.js';

export const command: Command = {
  name: 'rm',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  description: 'Remove one or more volumes',
  minArgs: 1,
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Force the removal of one or more volumes' }],
  async run(ctx, flags, args) {
    await forEachTarget(args, (name) => removeVolume(ctx.client, name, flags.bool('force')), (name) => ctx.stdout.write(`${name}\n`));
  },
};
