import { removeImage } from '../../client/images.js';
import type { Command } from '../lib/command.js';
import { forEachTarget } from '../lib/errors.js';

export const command: Command = {
  name: 'rmi',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  minArgs: 1,
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: 'Force removal of the image' },
    { name: 'no-prune', type: 'bool', description: 'Do not delete untagged parents' },
  ],
  async run(ctx, flags, args) {
    const opts = { force: flags.bool('force'), noPrune: flags.bool('no-prune') };
    await forEachTarget(
      args,
      (name) => removeImage(ctx.client, name, opts),
      (_name, items) => {
        for (const item of items ?? []) {
          if (item.Untagged) ctx.stdout.write(`Untagged: ${item.Untagged}\n`);
          if (item.Deleted) ctx.stdout.write(`Deleted: ${item.Deleted}\n`);
        }
      },
    );
  },
};
