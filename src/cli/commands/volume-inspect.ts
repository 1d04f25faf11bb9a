import { inspectVolume } from '../../client/volumes.js';
import type { Command } from '../lib/command.js';
import { INSPECT_FORMAT_FLAG, printInspect } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  description: 'Display detailed information on one or more volumes',
  minArgs: 1,
  flags: [INSPECT_FORMAT_FLAG],
  async run(ctx, flags, args) {
    await printInspect(ctx, args, [(n) => inspectVolume(ctx.client, n)], 'volume', flags.string('format'));
  },
};
