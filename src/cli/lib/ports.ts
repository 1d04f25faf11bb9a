/**
 * Ports as docker reads them: `-p [ip:][hostPort:]containerPort[/proto]`
 * (with ranges and `[ipv6]`) into ExposedPorts and PortBindings.
 */
import { isIP } from 'node:net';
import { invalidArgument } from '../../errdefs/index.js';
import type { PortBinding } from '../../apitypes/containers.js';

export interface PublishedPorts {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, PortBinding[]>;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function parseRange(s: string, what: string, spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start > 65535 || end > 65535 || end < start) throw invalidArgument(`invalid ${what}: ${s || spec}`);
  return [start, end];
}

/** `[ip:]host:container` split the way go-connections/nat splits it (IPv6 keeps its colons). */
function splitParts(raw: string): { ip: string; host: string; container: string } {
  const parts = raw.split(':');
  const n = parts.length;
  const container = parts[n - 1]!;
  if (n === 1) return { ip: '', host: '', container };
  if (n === 2) return { ip: '', host: parts[0]!, container };
  return { ip: parts.slice(0, n - 2).join(':'), host: parts[n - 2]!, container };
}

/** The long syntax (`target=80,published=8080,protocol=udp`) in the short one. */
function standardNotation(spec: string): string {
  if (!spec.includes('=')) return spec;
  const fields = Object.fromEntries(spec.split(',').map((kv) => {
    const eq = kv.indexOf('=');
    return eq < 0 ? [kv, ''] : [kv.slice(0, eq).trim().toLowerCase(), kv.slice(eq + 1).trim()];
  }));
  const target = fields.target;
  if (!target) throw invalidArgument(`missing target field in ${spec}`);
  const published = fields.published ? `${fields.published}:` : '';
  const ip = fields.host_ip ? `${fields.host_ip}:` : '';
  return `${ip}${published}${target}/${fields.protocol || 'tcp'}`;
}

export function parsePublish(specs: readonly string[]): PublishedPorts {
  const exposed: PublishedPorts['exposed'] = {};
  const bindings: PublishedPorts['bindings'] = {};
  for (const raw of specs.map(standardNotation)) {
    let { ip, host, container } = splitParts(raw);
    let proto = 'tcp';
    const slash = container.indexOf('/');
    if (slash >= 0) {
      proto = container.slice(slash + 1).toLowerCase();
      container = container.slice(0, slash);
    }
    if (!PROTOCOLS.has(proto)) throw invalidArgument(`invalid proto: ${proto}`);
    if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    if (ip !== '' && isIP(ip) === 0) throw invalidArgument(`invalid IP address: ${ip}`);
    if (container === '') throw invalidArgument(`no port specified: ${raw}<empty>`);
    const [start, end] = parseRange(container, 'containerPort', raw);
    let hostStart = 0;
    let hostEnd = 0;
    if (host !== '') [hostStart, hostEnd] = parseRange(host, 'hostPort', raw);
    if (host !== '' && end - start !== hostEnd - hostStart && end !== start) {
      throw invalidArgument(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
    }
    for (let i = 0; i <= end - start; i++) {
      const key = `${start + i}/${proto}`;
      let hostPort = host === '' ? '' : String(hostStart + i);
      // A single container port with a host range: the daemon picks one port of the range.
      if (host !== '' && start === end && hostStart !== hostEnd) hostPort = `${hostPort}-${hostEnd}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: ip, HostPort: hostPort });
    }
  }
  return { exposed, bindings };
}
