/**
 * wharfd's command line, named and defaulted like dockerd's so that operators
 * can carry their habits over. Pure: parsing only, no side effects.
 */
import { invalidArgument } from '../errdefs/index.js';
import { isLogLevel, type LogLevel } from '../util/logger.js';

export interface DaemonConfig {
  dataRoot: string;
  execRoot: string;
  /** Filesystem path of the unix socket the API listens on. */
  socketPath: string;
  logLevel: LogLevel;
  /** Registries reached over plain HTTP or unverified TLS (`host[:port]` or CIDR); loopback always is. */
  insecureRegistries: string[];
  /** Networking (network-config.ts): dockerd's --bridge, --bip, --fixed-cidr, --dns, and Wharf's --bridge-prefix. */
  bridge?: string;
  bip?: string;
  fixedCidr?: string;
  dns?: string[];
  bridgePrefix?: string;
}

export const DEFAULTS: DaemonConfig = {
  dataRoot: '/var/lib/wharf',
  execRoot: '/run/wharf',
  socketPath: '/run/wharf/wharf.sock',
  logLevel: 'info',
  insecureRegistries: [],
};

export const USAGE = `Usage:  wharfd [OPTIONS]

A container engine that serves the Docker Engine API

Options:
      --data-root string   Root directory of persistent state (default "${DEFAULTS.dataRoot}")
      --exec-root string   Root directory for execution state files (default "${DEFAULTS.execRoot}")
  -H, --host string        Daemon socket to listen on (default "unix://${DEFAULTS.socketPath}")
      --insecure-registry list  Enable insecure registry communication
  -l, --log-level string   Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
  -b, --bridge string      Attach containers to a network bridge (default "<prefix>0")
      --bip string         Specify network bridge IP (e.g. 172.31.0.1/16; default: a free /16)
      --fixed-cidr string  IPv4 subnet for fixed IPs of the default bridge
      --dns list           DNS server to use (repeatable)
      --bridge-prefix string  Names this daemon's bridges and tags its firewall rules, 1-6 chars
                           (default "wharf", or derived from a non-default --exec-root)
  -h, --help               Print usage
  -v, --version            Print version information and quit
`;

export function socketPathOf(host: string): string {
  if (host.startsWith('unix://')) {
    const path = host.slice('unix://'.length);
    if (!path.startsWith('/')) throw invalidArgument(`invalid host ${JSON.stringify(host)}: the socket path must be absolute`);
    return path;
  }
  if (host.startsWith('/')) return host;
  if (/^(tcp|http|https|fd|ssh):\/\//.test(host)) {
    throw invalidArgument(`invalid host ${JSON.stringify(host)}: wharfd listens only on a unix socket (no TCP listener without TLS)`);
  }
  throw invalidArgument(`invalid host ${JSON.stringify(host)}: expected unix:///path/to/socket`);
}

export type ParsedArgs = { kind: 'run'; config: DaemonConfig } | { kind: 'help' } | { kind: 'version' };

export function parseDaemonArgs(argv: string[]): ParsedArgs {
  const config: DaemonConfig = { ...DEFAULTS, insecureRegistries: [] };
  let hostGiven = false;
  let execRootGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw invalidArgument(`flag needs an argument: ${name}`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '-v':
      case '--version':
        return { kind: 'version' };
      case '--data-root':
        config.dataRoot = value();
        break;
      case '--exec-root':
        config.execRoot = value();
        execRootGiven = true;
        break;
      case '-H':
      case '--host':
        config.socketPath = socketPathOf(value());
        hostGiven = true;
        break;
      case '--insecure-registry':
        config.insecureRegistries.push(value());
        break;
      case '-l':
      case '--log-level': {
        const level = value();
        if (!isLogLevel(level)) throw invalidArgument(`unable to parse logging level: ${level}`);
        config.logLevel = level;
        break;
      }
      case '-b':
      case '--bridge':
        config.bridge = value();
        break;
      case '--bip':
        config.bip = value();
        break;
      case '--fixed-cidr':
        config.fixedCidr = value();
        break;
      case '--dns':
        config.dns = [...(config.dns ?? []), value()];
        break;
      case '--bridge-prefix':
        config.bridgePrefix = value();
        break;
      default:
        throw invalidArgument(`unknown flag: ${name}\nSee 'wharfd --help'.`);
    }
  }
  // A second daemon given only --exec-root gets its socket there, not on top of the first daemon's.
  if (execRootGiven && !hostGiven) config.socketPath = `${config.execRoot}/wharf.sock`;
  return { kind: 'run', config };
}
