/**
 * /etc/hosts lines for legacy links (`--link name:alias`) on the default bridge,
 * which has no embedded DNS: Docker writes `<ip>\t<alias> <id12> <name>`.
 */
import { invalidArgument } from '../errdefs/index.js';

export interface LinkTarget {
  /** The linked container's name without the leading slash. */
  name: string;
  id: string;
  ip: string;
}

/** `name` or `name:alias`, as HostConfig.Links holds them. */
export function parseLink(spec: string): { name: string; alias: string } {
  const [name = '', alias] = spec.replace(/^\//, '').split(':');
  if (name === '') throw invalidArgument(`invalid link format: ${spec}`);
  return { name, alias: (alias ?? name).replace(/^.*\//, '') };
}

export function linkHostLine(alias: string, target: LinkTarget): string {
  const names = [alias, target.id.slice(0, 12), target.name].filter((n, i, all) => all.indexOf(n) === i);
  return `${target.ip}\t${names.join(' ')}`;
}

export function linkHostLines(links: ReadonlyArray<{ alias: string; target: LinkTarget }>): string {
  return links.map((l) => linkHostLine(l.alias, l.target) + '\n').join('');
}
