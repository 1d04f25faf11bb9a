/**
 * Where a registry domain is served and how securely, by Docker's rules:
 * Docker Hub (`docker.io`) lives at registry-1.docker.io; every registry gets
 * verified HTTPS unless it is insecure (listed as `host[:port]` or CIDR in
 * insecureRegistries, or on loopback: `localhost`, 127.0.0.0/8), in which case
 * HTTPS without verification is tried first and plain HTTP after it.
 */
import { BlockList, isIP } from 'node:net';
import { invalidArgument } from '../../errdefs/index.js';
import { DEFAULT_DOMAIN } from '../../oci/reference.js';

export const DOCKER_HUB_HOST = 'registry-1.docker.io';
/** The key Docker's config.json and the CLI use for Docker Hub credentials. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const LEGACY_HUB_DOMAINS = new Set(['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export type Scheme = 'https' | 'http';

export interface RegistryEndpoint {
  /** The reference's domain (`docker.io`, `localhost:5000`). */
  domain: string;
  /** `host[:port]` the requests go to. */
  host: string;
  /** In the order to try. */
  schemes: Scheme[];
  /** Accept any certificate. */
  insecure: boolean;
}

/** Insecure-registry entries, checked once. */
export class InsecureRegistries {
  private readonly names = new Set<string>();
  private readonly nets = new BlockList();

  constructor(entries: readonly string[] = []) {
    this.nets.addSubnet('127.0.0.0', 8, 'ipv4');
    for (const raw of entries) {
      const entry = raw.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
      const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
      if (!cidr) {
        this.names.add(entry.toLowerCase());
        continue;
      }
      const family = isIP(cidr[1] ?? '');
      const bits = Number(cidr[2]);
      if (family === 0 || bits > (family === 4 ? 32 : 128)) throw invalidArgument(`insecure registry ${raw} is not a valid CIDR or host[:port]`);
      this.nets.addSubnet(cidr[1] as string, bits, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  has(domain: string): boolean {
    if (this.names.has(domain.toLowerCase())) return true;
    const name = hostname(domain);
    if (name === 'localhost') return true;
    const family = isIP(name);
    return family !== 0 && this.nets.check(name, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The host part of `host[:port]` / `[v6]:port`. */
function hostname(domain: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(domain);
  if (v6) return v6[1] as string;
  const colon = domain.lastIndexOf(':');
  return (colon === -1 ? domain : domain.slice(0, colon)).toLowerCase();
}

export function resolveEndpoint(domain: string, insecure: InsecureRegistries): RegistryEndpoint {
  const isInsecure = insecure.has(domain);
  return {
    domain,
    host: domain === DEFAULT_DOMAIN ? DOCKER_HUB_HOST : domain,
    schemes: isInsecure ? ['https', 'http'] : ['https'],
    insecure: isInsecure,
  };
}

/**
 * The registry domain a server address names, as `docker login` takes it:
 * `https://index.docker.io/v1/` and friends are `docker.io`; a scheme and path are dropped.
 */
export function domainOfServerAddress(address: string): string {
  const trimmed = address.trim();
  if (trimmed === '') return DEFAULT_DOMAIN;
  const host = trimmed.replace(/^[a-z]+:\/\//i, '').split('/')[0]?.toLowerCase() ?? '';
  if (host === '' || LEGACY_HUB_DOMAINS.has(host) || host === DEFAULT_DOMAIN) return DEFAULT_DOMAIN;
  return host;
}
