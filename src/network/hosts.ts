/**
 * /etc/hosts lines for legacy links (`--link name:alias`) on the default bridge,
 * which has no embedded DNS: Docker writes `<ip>\t<alias> <hostname> <name>`,
 * the name only when the alias is not already it.
 */
import { invalidArgument } from '../errdefs/index.js';

export interface LinkTarget {
  /** The linked container's name without the leading slash. */
  name: string;
  /** Its Config.Hostname (the short id unless set). */
  hostname: string;
  ip: string;
}

/** `name` or `name:alias`, as HostConfig.Links holds them. */
export function parseLink(spec: string): { name: string; alias: string } {
  const [name = '', alias] = spec.replace(/^\//, '').split(':');
  if (name === '') throw invalidArgument(`invalid link format: ${spec}`);
  return { name, alias: (alias ?? name).replace(/^.*\//, '') };
}

export function linkHostLine(alias: string, target: LinkTarget): string {
  const names = alias === target.name ? [alias, target.hostname] : [alias, target.hostname, target.name];
  return `${target.ip}\t${names.join(' ')}`;
}
