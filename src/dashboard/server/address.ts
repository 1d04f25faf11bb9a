/** The `--addr` a dashboard listens on, and which `Host` headers name it. */
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { invalidArgument } from '../../errdefs/index.js';

export interface ListenAddress {
  /** An IP address or `localhost`, without brackets. */
  host: string;
  /** 0: a free port, chosen when listening. */
  port: number;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`. */
export function parseAddr(addr: string): ListenAddress {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(addr);
  const host = m?.[1]?.replace(/^\[|\]$/g, '');
  const port = Number(m?.[2]);
  if (!host || !(port <= 65535) || (host !== 'localhost' && isIP(host) === 0)) {
    throw invalidArgument(`invalid --addr "${addr}": want IP:PORT, e.g. 127.0.0.1:8080`);
  }
  return { host, port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

const hostPort = (ip: string, port: number): string => (isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * Every `Host` value that names the served address (DNS rebinding sends another
 * name). Loopback names always; a wildcard bind adds the machine's own addresses.
 */
export function servedHosts(addr: ListenAddress, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (addr.host === '0.0.0.0' || addr.host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const nic of list ?? []) hosts.add(hostPort(nic.address, port));
  } else {
    hosts.add(hostPort(addr.host, port));
  }
  return hosts;
}
