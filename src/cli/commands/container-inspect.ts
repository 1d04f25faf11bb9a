import { inspectContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { INSPECT_FORMAT_FLAG, printInspect } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Display detailed information on one or more containers',
  minArgs: 1,
  flags: [INSPECT_FORMAT_FLAG, { name: 'size', short: 's', type: 'bool', description: 'Display total file sizes' }],
  async run(ctx, flags, args) {
    const get = (n: string): Promise<unknown> => inspectContainer(ctx.client, n, { size: flags.bool('size') });
    await printInspect(ctx, args, [get], 'container', flags.string('format'));
  },
};
