import { disconnectNetwork } from '../../client/networks.js';
import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'disconnect',
  usage: '[OPTIONS] NETWORK CONTAINER',
  description: 'Disconnect a container from a network',
  minArgs: 2,
  maxArgs: 2,
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Force the container to disconnect from a network' }],
  async run(ctx, flags, [network = '', container = '']) {
    await disconnectNetwork(ctx.client, network, container, flags.bool('force'));
  },
};
