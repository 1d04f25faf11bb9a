/**
 * Legacy links (`--link name:alias`, HostConfig.Links) as dockerd keeps them: a
 * container whose mode is the default bridge links to other containers by name;
 * each link is named `/<parent>/<alias>`, gives the parent the target's address
 * in /etc/hosts and Docker's `<ALIAS>_…` variables at start, and can be removed
 * (`docker rm --link`). On a user-defined network links are per-endpoint DNS
 * aliases instead (EndpointsConfig.Links), and HostConfig.Links means nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { HostConfig } from '../../apitypes/containers.js';
import { internal, invalidArgument, notFound } from '../../errdefs/index.js';
import { parseLink, type NetworkService } from '../../network/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { CONTAINER_PREFIX } from '../containers/network-mode.js';
import type { ContainerStore } from '../containers/store.js';
import { findNetwork } from './endpoints.js';
import { linkEnv } from './link-env.js';

export interface LegacyLink {
  /** `/<parent>/<alias>`: Docker's name for the link. */
  name: string;
  alias: string;
  /** The linked container; one sharing another's network stands for that one. */
  child: Container;
}

/** Modes on the default bridge: the only ones whose HostConfig.Links Docker registers. */
function takesLegacyLinks(mode: string | undefined): boolean {
  const m = mode || 'default';
  return m === 'default' || m === 'bridge';
}

/** The container whose network `c` uses (itself unless its mode is `container:`). */
function networkOwner(store: ContainerStore, c: Container): Container {
  let owner = c;
  for (let hops = 0; owner.record.HostConfig.NetworkMode?.startsWith(CONTAINER_PREFIX) && hops < 16; hops++) {
    owner = store.get(owner.record.HostConfig.NetworkMode.slice(CONTAINER_PREFIX.length));
  }
  return owner;
}

/** At create: every link names an existing container that is not on the host's network (moby's registerLinks). */
export function checkLegacyLinks(store: ContainerStore, hc: HostConfig): void {
  if (!takesLegacyLinks(hc.NetworkMode)) return;
  for (const spec of hc.Links ?? []) {
    const { name } = parseLink(spec);
    // Not a 404: the docker CLI would take that for a missing image and try to pull it.
    const target = store.find(name);
    if (!target) throw invalidArgument(`could not get container for ${name}: No such container: ${name}`);
    if (networkOwner(store, target).record.HostConfig.NetworkMode === 'host') {
      throw invalidArgument("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
    }
  }
}

/** The links of `c` whose target still exists. */
export function legacyLinks(store: ContainerStore, c: Container): LegacyLink[] {
  if (!takesLegacyLinks(c.record.HostConfig.NetworkMode)) return [];
  const out: LegacyLink[] = [];
  for (const spec of c.record.HostConfig.Links ?? []) {
    const { name, alias } = parseLink(spec);
    const target = store.find(name);
    if (target) out.push({ name: `${c.name}/${alias}`, alias, child: networkOwner(store, target) });
  }
  return out;
}

/** inspect's HostConfig.Links: `/<target>:/<parent>/<alias>`, as dockerd shows its link graph. */
export function linksView(store: ContainerStore, c: Container): string[] | null {
  const links = legacyLinks(store, c).map((l) => `${l.child.name}:${l.name}`);
  return links.length > 0 ? links : null;
}

/**
 * At start, for a container on the default bridge: each linked container's
 * address there. A stopped target, or one off the default bridge, fails the start.
 */
export function linkedEndpoints(ctx: EngineContext, network: NetworkService, c: Container): Array<LegacyLink & { ip: string }> {
  if (!c.record.Networks?.bridge) return [];
  const bridge = findNetwork(network, 'bridge');
  return legacyLinks(ctx.store, c).map((l) => {
    if (!l.child.running) throw invalidArgument(`Cannot link to a non running container: ${l.child.name} AS ${l.name}`);
    const ep = network.sandbox(l.child.id)?.endpoints.find((e) => e.networkId === bridge?.id);
    if (!ep) throw invalidArgument(`Cannot link to ${l.child.name}, as it does not belong to the default network`);
    return { ...l, ip: ep.ip };
  });
}

/** The `<ALIAS>_…` variables of every link, for the process's environment. */
export function linkedEnv(ctx: EngineContext, c: Container): string[] {
  const network = ctx.deps.network;
  if (!network) return [];
  return linkedEndpoints(ctx, network, c).flatMap((l) => linkEnv(l.name, l.ip, l.child.record.Config.Env ?? [], l.child.record.Config.ExposedPorts));
}

/** A renamed target stays linked (dockerd's links hold the container, not its name): links naming it follow. */
export async function followRenamedTarget(ctx: EngineContext, oldName: string, newName: string): Promise<void> {
  const old = oldName.slice(1);
  for (const parent of ctx.store.all()) {
    const links = parent.record.HostConfig.Links;
    if (!takesLegacyLinks(parent.record.HostConfig.NetworkMode) || !links?.some((spec) => parseLink(spec).name === old)) continue;
    parent.record.HostConfig.Links = links.map((spec) => {
      const { name, alias } = parseLink(spec);
      return name === old ? `${newName.slice(1)}:${alias}` : spec;
    });
    await ctx.store.save(parent);
  }
}

/**
 * `DELETE /containers/<parent>/<alias>?link=true`: forget the link, and drop its
 * /etc/hosts line from a running parent (its environment stays until a restart,
 * as in Docker).
 */
export async function removeLink(ctx: EngineContext, ref: string): Promise<void> {
  const full = '/' + ref.replace(/^\/+/, '');
  const cut = full.lastIndexOf('/');
  if (cut === 0) {
    ctx.store.get(ref);
    // dockerd answers this one as a plain (500) error.
    throw internal('Conflict, cannot remove the default link name of the container');
  }
  const alias = full.slice(cut + 1);
  const parent = ctx.store.find(full.slice(0, cut));
  const link = parent && legacyLinks(ctx.store, parent).find((l) => l.alias === alias);
  if (!parent || !link) throw notFound(`No such container: ${ref}`);
  await parent.lock.run(async () => {
    parent.record.HostConfig.Links = (parent.record.HostConfig.Links ?? []).filter((spec) => parseLink(spec).alias !== alias);
    await ctx.store.save(parent);
    if (parent.running) await dropHostsLine(parent.record.HostsPath, alias);
  });
}

async function dropHostsLine(path: string, alias: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text.split('\n').filter((line) => line.split('\t')[1]?.split(' ')[0] !== alias);
  await writeFile(path, kept.join('\n'));
}
