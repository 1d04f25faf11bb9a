import { inspectContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';

const hostPort = (ip: string, port: string): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Natural order of `80/tcp`-style keys: by number, then protocol. */
function comparePortKeys(a: string, b: string): number {
  const [pa = 0, ta = ''] = [parseInt(a, 10), a.split('/')[1]];
  const [pb = 0, tb = ''] = [parseInt(b, 10), b.split('/')[1]];
  return pa !== pb ? pa - pb : ta.localeCompare(tb);
}

export const command: Command = {
  name: 'port',
  usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  description: 'List port mappings or a specific mapping for the container',
  flags: [],
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, _flags, [container = '', wanted]) {
    const info = await inspectContainer(ctx.client, container);
    const ports = info.NetworkSettings?.Ports ?? {};
    if (wanted !== undefined) {
      const [port = '', proto = 'tcp'] = wanted.split('/');
      if (!/^\d+$/.test(port)) throw new StatusError(1, `Error: invalid port (${port}): strconv.ParseUint: parsing "${port}": invalid syntax`);
      const key = `${port}/${proto}`;
      const bindings = ports[key];
      if (!bindings || bindings.length === 0) throw new StatusError(1, `Error: No public port '${key}' published for ${container}`);
      ctx.stdout.write(bindings.map((b) => `${hostPort(b.HostIp ?? '', b.HostPort ?? '')}\n`).join(''));
      return;
    }
    const lines: string[] = [];
    for (const key of Object.keys(ports).sort(comparePortKeys)) {
      for (const b of ports[key] ?? []) lines.push(`${key} -> ${hostPort(b.HostIp ?? '', b.HostPort ?? '')}\n`);
    }
    ctx.stdout.write(lines.join(''));
  },
};
