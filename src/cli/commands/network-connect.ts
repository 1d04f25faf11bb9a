import { connectNetwork } from '../../client/networks.js';
import type { Command } from '../lib/command.js';
import { kvMap } from '../lib/kv.js';

export const command: Command = {
  name: 'connect',
  usage: '[OPTIONS] NETWORK CONTAINER',
  description: 'Connect a container to a network',
  minArgs: 2,
  maxArgs: 2,
  flags: [
    { name: 'alias', type: 'list', description: 'Add network-scoped alias for the container' },
    { name: 'driver-opt', type: 'list', description: 'driver options for the network' },
    { name: 'ip', type: 'string', description: 'IPv4 address (e.g., "172.30.100.104")' },
    { name: 'ip6', type: 'string', description: 'IPv6 address (e.g., "2001:db8::33")' },
    { name: 'link', type: 'list', description: 'Add link to another container' },
  ],
  async run(ctx, flags, [network = '', container = '']) {
    const ip = flags.string('ip');
    const ip6 = flags.string('ip6');
    await connectNetwork(ctx.client, network, container, {
      ...(ip || ip6 ? { IPAMConfig: { ...(ip ? { IPv4Address: ip } : {}), ...(ip6 ? { IPv6Address: ip6 } : {}) } } : {}),
      Aliases: flags.list('alias'),
      Links: flags.list('link'),
      DriverOpts: kvMap(flags.list('driver-opt')),
    });
  },
};
