/**
 * The environment a legacy link gives the linking container (moby's
 * daemon/links): `<ALIAS>_PORT…` for each port the linked container exposes,
 * `<ALIAS>_NAME`, and `<ALIAS>_ENV_<var>` for its environment. Scripts written
 * for `--link` parse these names, so they are kept to the letter.
 */
import { tryParsePortKey, type PortProtocol } from '../../util/port-spec.js';

interface LinkPort {
  port: number;
  protocol: PortProtocol;
}

/** TCP first, then by number; other protocols by name: runs of consecutive ports stay together. */
function byTcpFirst(a: LinkPort, b: LinkPort): number {
  if (a.protocol === b.protocol) return a.port - b.port;
  if (a.protocol === 'tcp') return -1;
  if (b.protocol === 'tcp') return 1;
  return a.protocol < b.protocol ? -1 : 1;
}

/**
 * `linkName` is the link's full name (`/<parent>/<alias>`), `childIp` the linked
 * container's address on the default bridge.
 */
export function linkEnv(linkName: string, childIp: string, childEnv: readonly string[], exposedPorts: Record<string, unknown> | null | undefined): string[] {
  const alias = (linkName.split('/').pop() ?? '').toUpperCase().replaceAll('-', '_');
  const ports = Object.keys(exposedPorts ?? {})
    .map((k) => tryParsePortKey(k))
    .filter((p): p is LinkPort => p !== undefined)
    .sort(byTcpFirst);
  const url = (p: LinkPort): string => `${p.protocol}://${childIp}:${p.port}`;
  const prefix = (p: LinkPort): string => `${alias}_PORT_${p.port}_${p.protocol.toUpperCase()}`;
  const env: string[] = [];
  let start: LinkPort | undefined;
  let end: LinkPort | undefined;
  ports.forEach((p, i) => {
    if (i === 0) {
      start = end = p;
      env.push(`${alias}_PORT=${url(p)}`);
    }
    const pre = prefix(p);
    env.push(`${pre}=${url(p)}`, `${pre}_ADDR=${childIp}`, `${pre}_PORT=${p.port}`, `${pre}_PROTO=${p.protocol}`);
    // A run of consecutive ports of one protocol also gets its bounds, named after its first port.
    if (end && p.port === end.port + 1 && p.protocol === end.protocol) {
      end = p;
      if (i < ports.length - 1) return;
    }
    if (start && end && end !== start) {
      const first = prefix(start);
      env.push(`${first}_START=${url(start)}`, `${first}_PORT_START=${start.port}`, `${first}_END=${url(end)}`, `${first}_PORT_END=${end.port}`);
    }
    start = end = p;
  });
  env.push(`${alias}_NAME=${linkName}`);
  for (const v of childEnv) {
    const eq = v.indexOf('=');
    if (eq < 0) continue;
    const name = v.slice(0, eq);
    // What a build sets for every image says nothing about the linked service.
    if (name === 'HOME' || name === 'PATH') continue;
    env.push(`${alias}_ENV_${name}=${v.slice(eq + 1)}`);
  }
  return env;
}
