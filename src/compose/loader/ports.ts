/**
 * `ports:` entries in their long form. The short form is Docker's port grammar
 * (`[ip:][published[-range]:]target[-range][/protocol]`); a target range pairs
 * with a published range of the same length, one entry per port, as compose-go expands it.
 */
import { invalidArgument } from '../../errdefs/index.js';
import type { PortConfig } from '../types.js';
import { str, toInt } from './convert.js';
import { isYamlMap, type Yaml } from './yaml.js';

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

function protocolOf(p: string): PortConfig['protocol'] {
  const lower = p.toLowerCase();
  const found = PROTOCOLS.find((x) => x === lower);
  if (!found) throw invalidArgument(`invalid proto: ${p}`);
  return found;
}

function range(s: string, what: string, spec: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start > 65535 || end > 65535 || end < start) throw invalidArgument(`invalid ${what}: ${spec}`);
  return [start, end];
}

/** `ip:published:target`, with a bracketed or bare IPv6 address before the last two parts. */
function splitParts(spec: string): { ip?: string; published?: string; target: string } {
  const bracket = /^\[([^\]]+)\]:([^:]*):(.+)$/.exec(spec);
  if (bracket) return { ip: bracket[1], published: bracket[2], target: bracket[3]! };
  const parts = spec.split(':');
  if (parts.length === 1) return { target: parts[0]! };
  if (parts.length === 2) return { published: parts[0], target: parts[1]! };
  return { ip: parts.slice(0, -2).join(':'), published: parts[parts.length - 2], target: parts[parts.length - 1]! };
}

export function parsePortShort(value: string | number): PortConfig[] {
  const raw = String(value);
  const slash = raw.lastIndexOf('/');
  const protocol = protocolOf(slash < 0 ? 'tcp' : raw.slice(slash + 1));
  const { ip, published, target } = splitParts(slash < 0 ? raw : raw.slice(0, slash));
  if (ip !== undefined && ip !== '' && !/^[0-9a-fA-F.:]+$/.test(ip)) throw invalidArgument(`invalid IP address: ${ip}`);
  const [tStart, tEnd] = range(target, 'containerPort', target);
  // Keys in the order v2's `config` prints them.
  const entry = (t: number, p?: string): PortConfig => ({ mode: 'ingress', ...(ip ? { host_ip: ip } : {}), target: t, ...(p !== undefined ? { published: p } : {}), protocol });
  if (published === undefined || published === '') return Array.from({ length: tEnd - tStart + 1 }, (_, i) => entry(tStart + i));
  const [pStart, pEnd] = range(published, 'hostPort', published);
  if (tEnd === tStart) return [entry(tStart, pEnd === pStart ? String(pStart) : `${pStart}-${pEnd}`)];
  if (pEnd - pStart !== tEnd - tStart) throw invalidArgument(`invalid ranges specified for container and host Ports: ${target} and ${published}`);
  return Array.from({ length: tEnd - tStart + 1 }, (_, i) => entry(tStart + i, String(pStart + i)));
}

export function normalizePorts(v: Yaml, path: string): PortConfig[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item, i) => {
    if (typeof item === 'string' || typeof item === 'number') return parsePortShort(item);
    if (!isYamlMap(item)) return [];
    const published = item.published === undefined || item.published === null || str(item.published) === '' ? undefined : str(item.published);
    const p: PortConfig = {
      ...(item.name !== undefined ? { name: str(item.name) } : {}),
      mode: item.mode === 'host' ? 'host' : 'ingress',
      ...(item.host_ip !== undefined ? { host_ip: str(item.host_ip) } : {}),
      target: toInt(item.target ?? null, `${path}.${i}.target`),
      ...(published !== undefined ? { published } : {}),
      protocol: protocolOf(item.protocol === undefined ? 'tcp' : str(item.protocol)),
      ...(item.app_protocol !== undefined ? { app_protocol: str(item.app_protocol) } : {}),
    };
    return [p];
  });
}

/** The key two files' entries merge by: the same binding declared twice is one. */
export function portKey(p: PortConfig): string {
  return `${p.host_ip ?? ''}:${p.published ?? ''}:${p.target}/${p.protocol}`;
}
