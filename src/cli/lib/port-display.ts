/**
 * The `0.0.0.0:8080->80/tcp, 443/tcp` column of `ps`. Apart from ports.ts's
 * parser, whose node:net `ps` does not need to load.
 */
import type { Port } from '../../apitypes/containers.js';

function joinHostPort(ip: string, port: string | number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function comparePorts(a: Port, b: Port): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  if ((a.IP ?? '') !== (b.IP ?? '')) return (a.IP ?? '') < (b.IP ?? '') ? -1 : 1;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
}

function formGroup(key: string, first: number, last: number): string {
  const slash = key.lastIndexOf('/');
  const ip = slash >= 0 ? key.slice(0, slash) : '';
  const type = slash >= 0 ? key.slice(slash + 1) : key;
  let group = first === last ? String(first) : `${first}-${last}`;
  if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${type}`;
}

/** docker's DisplayablePorts: consecutive ports grouped into ranges, mappings listed last. */
export function displayablePorts(ports: readonly Port[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of [...ports].sort(comparePorts)) {
    let key: string = p.Type;
    if (p.IP) {
      if (p.PublicPort !== p.PrivatePort) {
        mappings.push(`${joinHostPort(p.IP, p.PublicPort ?? 0)}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    } else if (p.PrivatePort === g.last + 1) {
      g.last = p.PrivatePort;
    } else {
      result.push(formGroup(key, g.first, g.last));
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...mappings].join(', ');
}
