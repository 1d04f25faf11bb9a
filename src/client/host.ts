/**
 * Which daemon to talk to: `-H/--host`, then WHARF_HOST, then DOCKER_HOST,
 * then the default socket; and how to reach a `unix://` or `tcp://` address.
 */
import { invalidArgument } from '../errdefs/index.js';

export const DEFAULT_HOST = 'unix:///run/wharf/wharf.sock';
const DEFAULT_TCP_PORT = 2375;

export type Endpoint = { kind: 'unix'; socketPath: string } | { kind: 'tcp'; hostname: string; port: number };

/** The first non-empty of the flag, WHARF_HOST, DOCKER_HOST, else the default. */
export function resolveHost(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  for (const candidate of [flag, env.WHARF_HOST, env.DOCKER_HOST]) {
    if (candidate !== undefined && candidate.trim() !== '') return candidate.trim();
  }
  return DEFAULT_HOST;
}

/** Parses `unix:///path`, a bare absolute socket path, `tcp://host[:port]` or `http://host[:port]`. */
export function parseHost(host: string): Endpoint {
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw invalidArgument(`unable to parse docker host \`${host}\``);
    return { kind: 'unix', socketPath };
  }
  if (host.startsWith('/')) return { kind: 'unix', socketPath: host };
  const m = /^(?:tcp|http):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (!m) throw invalidArgument(`unable to parse docker host \`${host}\``);
  return { kind: 'tcp', hostname: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : DEFAULT_TCP_PORT };
}
