import { inspectNetwork } from '../../client/networks.js';
import type { Command } from '../lib/command.js';
import { INSPECT_FORMAT_FLAG, notFoundAsUndefined, printInspect } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  description: 'Display detailed information on one or more networks',
  minArgs: 1,
  flags: [INSPECT_FORMAT_FLAG, { name: 'verbose', short: 'v', type: 'bool', description: 'Verbose output for diagnostics' }],
  async run(ctx, flags, args) {
    await printInspect(ctx, args, [notFoundAsUndefined((n) => inspectNetwork(ctx.client, n))], 'network', flags.string('format'));
  },
};
