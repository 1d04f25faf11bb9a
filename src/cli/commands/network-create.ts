import type { IpamConfig } from '../../apitypes/networks.js';
import { createNetwork } from '../../client/networks.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { Command } from '../lib/command.js';
import { kvMap } from '../lib/kv.js';

/** docker's rule: gateways and ranges pair with subnets in order, never more of them than subnets. */
function ipamConfig(subnets: readonly string[], gateways: readonly string[], ranges: readonly string[], aux: readonly string[]): IpamConfig[] {
  if (gateways.length > subnets.length || ranges.length > subnets.length) throw invalidArgument('every ip-range or gateway must have a corresponding subnet');
  const auxMap = kvMap(aux);
  return subnets.map((Subnet, i) => ({
    Subnet,
    ...(ranges[i] ? { IPRange: ranges[i] } : {}),
    ...(gateways[i] ? { Gateway: gateways[i] } : {}),
    ...(i === 0 && aux.length > 0 ? { AuxiliaryAddresses: auxMap } : {}),
  }));
}

export const command: Command = {
  name: 'create',
  usage: '[OPTIONS] NETWORK',
  description: 'Create a network',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'attachable', type: 'bool', description: 'Enable manual container attachment' },
    { name: 'aux-address', type: 'list', description: 'Auxiliary IPv4 or IPv6 addresses used by Network driver' },
    { name: 'driver', short: 'd', type: 'string', default: 'bridge', description: 'Driver to manage the Network' },
    { name: 'gateway', type: 'list', description: 'IPv4 or IPv6 Gateway for the master subnet' },
    { name: 'internal', type: 'bool', description: 'Restrict external access to the network' },
    { name: 'ip-range', type: 'list', description: 'Allocate container ip from a sub-range' },
    { name: 'ipam-driver', type: 'string', default: 'default', description: 'IP Address Management Driver' },
    { name: 'ipam-opt', type: 'list', description: 'Set IPAM driver specific options' },
    { name: 'ipv6', type: 'bool', description: 'Enable or disable IPv6 networking' },
    { name: 'label', type: 'list', description: 'Set metadata on a network' },
    { name: 'opt', short: 'o', type: 'list', description: 'Set driver specific options' },
    { name: 'subnet', type: 'list', description: 'Subnet in CIDR format that represents a network segment' },
  ],
  async run(ctx, flags, [name = '']) {
    const res = await createNetwork(ctx.client, {
      Name: name,
      Driver: flags.string('driver'),
      Options: kvMap(flags.list('opt')),
      IPAM: {
        Driver: flags.string('ipam-driver'),
        Config: ipamConfig(flags.list('subnet'), flags.list('gateway'), flags.list('ip-range'), flags.list('aux-address')),
        Options: kvMap(flags.list('ipam-opt')),
      },
      Internal: flags.bool('internal'),
      EnableIPv6: flags.bool('ipv6'),
      Attachable: flags.bool('attachable'),
      Labels: kvMap(flags.list('label')),
    });
    ctx.stdout.write(`${res.Id}\n`);
  },
};
