import { inspectImage } from '../../client/images.js';
import type { Command } from '../lib/command.js';
import { INSPECT_FORMAT_FLAG, printInspect } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Display detailed information on one or more images',
  minArgs: 1,
  flags: [INSPECT_FORMAT_FLAG],
  async run(ctx, flags, args) {
    await printInspect(ctx, args, [(n) => inspectImage(ctx.client, n)], 'image', flags.string('format'));
  },
};
