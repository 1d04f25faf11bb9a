/**
 * Docker's port grammar (go-connections' nat), shared by every door a port
 * enters through: `80/tcp` keys of ExposedPorts and PortBindings, and host ports
 * (`8080`, `8000-8010`, empty for "any"). A port outside 1–65535 stored once breaks
 * `docker ps` for every container (the CLI decodes ports as uint16), so it is
 * refused where it arrives, with moby's "invalid port specification".
 */
import { invalidArgument } from '../errdefs/index.js';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

const isProtocol = (p: string): p is PortProtocol => p === 'tcp' || p === 'udp' || p === 'sctp';

const portNumber = (s: string, min: number): number | undefined => {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= 65535 ? n : undefined;
};

/** A container port key (`80`, `80/udp`); undefined when it is not one. */
export function tryParsePortKey(key: string): { port: number; protocol: PortProtocol } | undefined {
  const slash = key.indexOf('/');
  const portText = slash < 0 ? key : key.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : key.slice(slash + 1).toLowerCase();
  const port = portNumber(portText, 1);
  if (port === undefined || !isProtocol(protocol)) return undefined;
  return { port, protocol };
}

export function parsePortKey(key: string): { port: number; protocol: PortProtocol } {
  const parsed = tryParsePortKey(key);
  if (!parsed) throw invalidArgument(`invalid port specification: "${key}"`);
  return parsed;
}

/** A binding's HostPort: `[0, 0]` for none (an ephemeral port), else the inclusive range. */
export function parseHostPortRange(s: string | undefined): [number, number] {
  if (!s) return [0, 0];
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  const start = m ? portNumber(m[1]!, 0) : undefined;
  const end = m?.[2] !== undefined ? portNumber(m[2], 0) : start;
  if (start === undefined || end === undefined || end < start) throw invalidArgument(`invalid port specification: "${s}"`);
  return [start, end];
}
