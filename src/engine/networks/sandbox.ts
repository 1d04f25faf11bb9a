/**
 * A container's network at start and stop: the sandbox (netns) the runtime
 * joins by path, one endpoint per configured network (published ports on the
 * first), /etc/hosts and /etc/resolv.conf from the addresses they got, and
 * `network connect`/`disconnect` events. A failed start leaves no sandbox.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { EndpointSettings } from '../../apitypes/containers.js';
import { linkHostLine, parseLink, portRequests, type NetworkRecord, type NetworkService } from '../../network/index.js';
import { logger } from '../../util/logger.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import type { ContainerRun } from '../containers/run.js';
import { buildHosts, buildResolvConf, readOptional, selfHostsLine } from '../containers/etc-files.js';
import { findNetwork, ownsSandbox } from './endpoints.js';
import { linkedEndpoints } from './links.js';
import { namespaceReady } from './readiness.js';

const log = logger('engine');

export function emitNetworkEvent(ctx: EngineContext, action: 'connect' | 'disconnect', networkId: string, networkName: string, containerId: string): void {
  ctx.events.publish('network', action, { ID: networkId, Attributes: { container: containerId, name: networkName, type: 'bridge' } });
}

/** The default bridge's gateway: what `host-gateway` means in `--add-host`. */
export function hostGateway(network: NetworkService | undefined): string | undefined {
  return network ? findNetwork(network, 'bridge')?.bridge?.gateway : undefined;
}

/** On a user network a link is a name only the linking container resolves (through the embedded DNS). */
export function dnsLinks(net: NetworkRecord, cfg: EndpointSettings): Array<{ name: string; alias: string }> | undefined {
  return net.bridge?.dns && cfg.Links?.length ? cfg.Links.map(parseLink) : undefined;
}

async function writeNetworkEtcFiles(ctx: EngineContext, network: NetworkService, c: Container, attached: Array<{ networkId: string; settings: EndpointSettings }>): Promise<void> {
  const { Config: config, HostConfig: hc } = c.record;
  const first = attached[0];
  const self = first?.settings.IPAddress ? { ip: first.settings.IPAddress, hostname: config.Hostname ?? '', domainname: config.Domainname || undefined } : undefined;
  const links = linkedEndpoints(ctx, network, c).map((l) => linkHostLine(l.alias, { name: l.child.name.slice(1), hostname: l.child.record.Config.Hostname ?? '', ip: l.ip }));
  // On a dual-stack network the name is at its IPv6 address too, as Docker writes it.
  const ip6 = first?.settings.GlobalIPv6Address;
  const self6 = self && ip6 ? `${selfHostsLine({ ...self, ip: ip6 })}\n` : '';
  const hosts = buildHosts({ extraHosts: hc.ExtraHosts ?? undefined, hostGateway: hostGateway(network), links, self }) + self6;
  // On a user network the embedded DNS server answers for the container, and forwards the rest.
  const embedded = first ? network.dnsServer(first.networkId) : undefined;
  const dns = embedded ? [embedded] : hc.Dns?.length ? hc.Dns : ctx.deps.dns;
  const hostResolv = await readOptional(ctx.deps.hostResolvConf ?? '/etc/resolv.conf');
  const resolv = buildResolvConf(hostResolv, { hostNetwork: false, dns, dnsSearch: hc.DnsSearch ?? undefined, dnsOptions: hc.DnsOptions ?? undefined });
  // Plain writes: the files are regenerated at every start, before they are bind-mounted.
  await Promise.all([writeFile(c.record.HostsPath, hosts), writeFile(c.record.ResolvConfPath, resolv)]);
}

/** Wait for every background teardown of this engine: whoever needs the endpoints gone (network rm, shutdown) does. */
export async function settleReleases(ctx: EngineContext): Promise<void> {
  await Promise.all(ctx.sandboxReleases.values());
}

/**
 * The run's sandbox goes with the run: in the background after an exit,
 * awaited after a failed start. A re-adopted run holds the sandbox the
 * previous daemon made.
 */
export function holdSandbox(ctx: EngineContext, c: Container, run: ContainerRun): void {
  run.hold('network', async (end) => {
    if (end === 'failed') await releaseSandbox(ctx, c);
    else releaseSandboxInBackground(ctx, c);
  });
}

/** The netns the run joins (cheap: the runtime creates the container meanwhile), when the mode needs one of its own. */
export async function prepareSandbox(ctx: EngineContext, c: Container, run: ContainerRun): Promise<void> {
  holdSandbox(ctx, c, run);
  const network = ctx.deps.network;
  if (!network || !ownsSandbox(c.record.HostConfig.NetworkMode) || !c.record.Networks) return;
  run.netnsPath = await network.createSandbox(c.id);
}

/**
 * Attach every network (published ports on the first) and write /etc/hosts and
 * /etc/resolv.conf in place, while the runtime creates the container in the same
 * netns: the process runs only at start, after both. On failure the sandbox goes.
 */
export async function connectSandbox(ctx: EngineContext, c: Container, run: ContainerRun): Promise<void> {
  const network = ctx.deps.network;
  if (!network || !run.netnsPath) return;
  const { HostConfig: hc, Config: config } = c.record;
  const attached: Array<{ networkId: string; name: string; settings: EndpointSettings }> = [];
  try {
    // Ports and addresses a just-exited container still holds are free once its teardown is done.
    await settleReleases(ctx);
    let ports = portRequests(config.ExposedPorts, hc.PortBindings, hc.PublishAllPorts ?? false);
    // Containers joining this one with a readiness check do not run yet: its aliases wait for them.
    const notReady = !namespaceReady(ctx, c);
    for (const [name, cfg] of Object.entries(c.record.Networks ?? {})) {
      const net = network.get(name);
      const settings = await network.attach(c.id, net.id, {
        name: c.name.slice(1),
        aliases: cfg.Aliases ?? undefined,
        links: dnsLinks(net, cfg),
        ip: cfg.IPAMConfig?.IPv4Address || undefined,
        ip6: cfg.IPAMConfig?.IPv6Address || undefined,
        mac: cfg.MacAddress || undefined,
        ports,
        dns: hc.Dns ?? undefined,
        notReady,
      });
      ports = [];
      attached.push({ networkId: net.id, name: net.name, settings });
    }
    await writeNetworkEtcFiles(ctx, network, c, attached);
  } catch (err) {
    await network.destroySandbox(c.id).catch(() => undefined);
    throw err;
  }
  for (const a of attached) emitNetworkEvent(ctx, 'connect', a.networkId, a.name, c.id);
}

/**
 * Tear the sandbox down (failed start, remove). A background teardown already
 * under way is awaited when `settle` is set: a user's `rm` returns with the
 * endpoints gone, as Docker's does, while `--rm` lets the client go first.
 */
export async function releaseSandbox(ctx: EngineContext, c: Container, opts: { settle?: boolean } = {}): Promise<void> {
  const running = ctx.sandboxReleases.get(c.id);
  if (!running) await teardown(ctx, c);
  else if (opts.settle) await running;
}

async function teardown(ctx: EngineContext, c: Container): Promise<void> {
  const network = ctx.deps.network;
  const sb = network?.sandbox(c.id);
  if (!network || !sb) return;
  await network.destroySandbox(c.id);
  for (const e of sb.endpoints) {
    emitNetworkEvent(ctx, 'disconnect', e.networkId, findNetwork(network, e.networkId)?.name ?? '', c.id);
  }
}

/**
 * At exit the teardown (unmount the netns, release leases and port rules) runs
 * behind the exit: waiters and `--rm` need not pay for it. The network
 * service serialises it before any next sandbox of the same container.
 */
function releaseSandboxInBackground(ctx: EngineContext, c: Container): void {
  const m = ctx.sandboxReleases;
  if (!ctx.deps.network?.sandbox(c.id) || m.has(c.id)) return;
  const p = teardown(ctx, c)
    .catch((err: unknown) => log.warn('releasing network sandbox failed', { id: c.id, error: String(err) }))
    .finally(() => m.delete(c.id));
  m.set(c.id, p);
}

/**
 * `network connect`/`disconnect` on a running container: its /etc/hosts gains or
 * loses its name at that network's address, as Docker's sandbox does.
 */
export async function updateHostsForEndpoint(c: Container, ip: string, change: 'add' | 'remove'): Promise<void> {
  const path = c.record.HostsPath;
  const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  const { Hostname: hostname = '', Domainname: domainname } = c.record.Config;
  const kept = lines.filter((l) => l.split('\t')[0] !== ip);
  if (change === 'add') kept.push(selfHostsLine({ ip, hostname, domainname: domainname || undefined }));
  await writeFile(path, kept.join('\n') + '\n');
}
