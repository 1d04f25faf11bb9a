/**
 * The network service's options from wharfd's flags. Bridges and firewall tags
 * carry a prefix unique per daemon: `wharf` for the default exec root, else one
 * derived from the exec root, so test daemons and side-by-side daemons never
 * touch each other's devices or rules.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { invalidArgument } from '../errdefs/index.js';
import { tryParseCidr, type NetworkServiceOptions } from '../network/index.js';
import { DEFAULTS, type DaemonConfig } from './flags.js';

export function bridgePrefix(config: DaemonConfig): string {
  if (config.bridgePrefix) return config.bridgePrefix;
  if (config.execRoot === DEFAULTS.execRoot) return 'wharf';
  return 'w' + createHash('sha256').update(config.execRoot).digest('hex').slice(0, 5);
}

/** `--bip 172.31.0.1/16`: the bridge's own address and the subnet around it. */
function bip(value: string): { subnet: string; gateway: string } {
  if (!tryParseCidr(value)) throw invalidArgument(`invalid --bip: ${value}: expected an IPv4 address with a prefix length, e.g. 172.31.0.1/16`);
  return { subnet: value, gateway: value.split('/')[0] ?? '' };
}

export function networkOptions(config: DaemonConfig): NetworkServiceOptions {
  for (const d of config.dns ?? []) if (isIP(d) === 0) throw invalidArgument(`${d} is not an ip address`);
  return {
    dataRoot: config.dataRoot,
    execRoot: join(config.execRoot, 'network'),
    bridgePrefix: bridgePrefix(config),
    defaultBridge: {
      ...(config.bridge ? { device: config.bridge } : {}),
      ...(config.bip ? bip(config.bip) : {}),
      ...(config.fixedCidr ? { ipRange: config.fixedCidr } : {}),
    },
    ...(config.dns?.length ? { dnsUpstreams: config.dns } : {}),
  };
}
