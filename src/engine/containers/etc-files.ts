/**
 * The /etc/hosts, /etc/hostname and /etc/resolv.conf a container sees: files
 * under the container's directory that the runtime bind-mounts, generated the
 * way Docker generates them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import { writeFileAtomic } from '../../util/atomic.js';

const DEFAULT_HOSTS = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

/** Docker's fallback when the host only has loopback resolvers, which a container's namespace cannot reach. */
const FALLBACK_NAMESERVERS = ['8.8.8.8', '8.8.4.4'];

/** `name:ip` (or Docker's newer `name=ip`) → `ip\tname`. */
export function extraHostLine(entry: string, hostGateway?: string): string {
  const sep = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
  const name = entry.slice(0, sep);
  const given = entry.slice(sep + 1).replace(/^\[(.*)\]$/, '$1');
  const ip = given === 'host-gateway' && hostGateway ? hostGateway : given;
  if (sep <= 0 || ip === '') throw invalidArgument(`invalid IP address in add-host: "${ip}"`);
  if (ip === 'host-gateway') throw invalidArgument('unable to derive the IP value for host-gateway');
  return `${ip}\t${name}`;
}

export function buildHosts(opts: { extraHosts?: string[]; hostGateway?: string; links?: string[]; self?: { ip: string; hostname: string; domainname?: string } }): string {
  // Docker's order: defaults, --add-host, legacy links, then the container itself.
  const lines = [...DEFAULT_HOSTS, ...(opts.extraHosts ?? []).map((e) => extraHostLine(e, opts.hostGateway)), ...(opts.links ?? [])];
  if (opts.self) lines.push(selfHostsLine(opts.self));
  return lines.join('\n') + '\n';
}

/** The container's own name at one of its addresses, as Docker writes it. */
export function selfHostsLine(self: { ip: string; hostname: string; domainname?: string }): string {
  const { ip, hostname, domainname } = self;
  return domainname ? `${ip}\t${hostname}.${domainname} ${hostname}` : `${ip}\t${hostname}`;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/**
 * The host's resolv.conf minus loopback nameservers (unless the container shares
 * the host's network), with `--dns`, `--dns-search` and `--dns-option` overriding.
 */
export function buildResolvConf(hostText: string, opts: { hostNetwork: boolean; dns?: string[]; dnsSearch?: string[]; dnsOptions?: string[] }): string {
  const lines = hostText.split('\n');
  const keyOf = (l: string): string => l.trim().split(/\s+/)[0] ?? '';
  let nameservers = lines.filter((l) => keyOf(l) === 'nameserver').map((l) => l.trim().split(/\s+/)[1] ?? '').filter((ip) => ip !== '');
  if (!opts.hostNetwork) nameservers = nameservers.filter((ip) => !isLoopback(ip));
  if (opts.dns?.length) nameservers = opts.dns;
  else if (nameservers.length === 0) nameservers = FALLBACK_NAMESERVERS;

  const overridden = new Set<string>(['nameserver']);
  if (opts.dnsSearch?.length) overridden.add('search').add('domain');
  if (opts.dnsOptions?.length) overridden.add('options');
  const kept = lines.filter((l) => !overridden.has(keyOf(l)) && l.trim() !== '' && !l.trim().startsWith('#') && !l.trim().startsWith(';'));
  const out = [...kept];
  // `--dns-search .` means: no search domains at all.
  if (opts.dnsSearch?.length && !(opts.dnsSearch.length === 1 && opts.dnsSearch[0] === '.')) out.push(`search ${opts.dnsSearch.join(' ')}`);
  for (const ns of nameservers) out.push(`nameserver ${ns}`);
  if (opts.dnsOptions?.length) out.push(`options ${opts.dnsOptions.join(' ')}`);
  return out.join('\n') + '\n';
}

export async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return '';
    throw err;
  }
}

export interface EtcFilesInput {
  dir: string;
  hostname: string;
  domainname?: string;
  hostNetwork: boolean;
  extraHosts?: string[];
  /** What `--add-host name:host-gateway` maps to (the default bridge's gateway). */
  hostGateway?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** Host files to start from (tests point these elsewhere). */
  hostResolvConf?: string;
  hostHosts?: string;
}

export interface EtcFilePaths {
  hostname: string;
  hosts: string;
  resolvConf: string;
}

export async function writeEtcFiles(input: EtcFilesInput): Promise<EtcFilePaths> {
  const paths: EtcFilePaths = { hostname: join(input.dir, 'hostname'), hosts: join(input.dir, 'hosts'), resolvConf: join(input.dir, 'resolv.conf') };
  const [hostResolv, hostHosts] = await Promise.all([
    readOptional(input.hostResolvConf ?? '/etc/resolv.conf'),
    input.hostNetwork ? readOptional(input.hostHosts ?? '/etc/hosts') : Promise.resolve(''),
  ]);
  // With the host's network the container sees the host's names, as Docker gives it.
  const hosts = input.hostNetwork
    ? hostHosts + (input.extraHosts ?? []).map((e) => extraHostLine(e, input.hostGateway) + '\n').join('')
    : buildHosts({ extraHosts: input.extraHosts, hostGateway: input.hostGateway });
  // No fsync: Docker writes these with plain writes too, and the rename is all a daemon crash needs.
  await Promise.all([
    writeFileAtomic(paths.hostname, input.hostname + '\n', 0o644, 'none'),
    writeFileAtomic(paths.hosts, hosts, 0o644, 'none'),
    writeFileAtomic(paths.resolvConf, buildResolvConf(hostResolv, input), 0o644, 'none'),
  ]);
  return paths;
}
