/** `GET /containers/{id}/json` and the rows of `GET /containers/json`. */
import type { ContainerInspect, ContainerSummary, EndpointSettings, NetworkSettings } from '../../apitypes/containers.js';
import { isNotFound } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { commandString, humanStatus } from './human.js';
import { storedMounts } from './volume-mounts.js';
import { emptyEndpoint, networkSettingsView, networksView, portsView } from '../networks/view.js';
import { linksView } from '../networks/links.js';
import { CONTAINER_PREFIX } from './network-mode.js';
import { wireState } from './record.js';

const DRIVER = 'overlay2';

/** Networks the container is on, keyed as Docker keys them (`default` shows as `bridge`; a shared namespace has none). */
export function networksOf(c: Container): Record<string, EndpointSettings> {
  const mode = c.record.HostConfig.NetworkMode ?? 'default';
  if (mode.startsWith(CONTAINER_PREFIX)) return {};
  return { [mode === 'default' ? 'bridge' : mode]: emptyEndpoint() };
}

function networkSettings(c: Container): NetworkSettings {
  const pid = c.record.State.Pid;
  return {
    Bridge: '',
    SandboxID: '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: {},
    SandboxKey: c.running && pid > 0 ? `/proc/${pid}/ns/net` : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: '',
    Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    MacAddress: '',
    Networks: networksOf(c),
  };
}

/** SizeRw (the writable layer) and SizeRootFs (it plus the image). */
export async function sizes(ctx: EngineContext, c: Container): Promise<{ SizeRw: number; SizeRootFs: number }> {
  const rw = await ctx.deps.snapshots.usage(c.record.SnapshotKey).then(
    (u) => u.size,
    () => 0,
  );
  const image = c.record.Image ? await ctx.deps.images.resolve(c.record.Image).catch(() => undefined) : undefined;
  return { SizeRw: rw, SizeRootFs: rw + (image?.size ?? 0) };
}

async function graphDriverData(ctx: EngineContext, c: Container): Promise<Record<string, string> | null> {
  try {
    const dirs = await ctx.deps.snapshots.dirs(c.record.SnapshotKey);
    return {
      LowerDir: dirs.lowers.join(':'),
      MergedDir: ctx.rootfsDir(c.id),
      UpperDir: dirs.upper ?? '',
      WorkDir: dirs.work ?? '',
    };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function inspectContainer(ctx: EngineContext, c: Container, opts: { size?: boolean } = {}): Promise<ContainerInspect> {
  const r = c.record;
  const execIds = ctx.execIdsOf(c);
  return {
    Id: r.ID,
    Created: r.Created,
    Path: r.Path,
    Args: r.Args,
    State: wireState(r.State, c.removing),
    Image: r.Image,
    ResolvConfPath: r.ResolvConfPath,
    HostnamePath: r.HostnamePath,
    HostsPath: r.HostsPath,
    LogPath: r.LogPath,
    Name: r.Name,
    RestartCount: r.RestartCount,
    Driver: DRIVER,
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: execIds.length > 0 ? execIds : null,
    // Links as dockerd shows its link graph, not as they were asked for.
    HostConfig: { ...r.HostConfig, Links: linksView(ctx.store, c) },
    GraphDriver: { Name: DRIVER, Data: await graphDriverData(ctx, c) },
    ...(opts.size ? await sizes(ctx, c) : {}),
    Mounts: storedMounts(c).map((m) => m.point),
    Config: r.Config,
    NetworkSettings: ctx.deps.network && r.Networks ? networkSettingsView(ctx.deps.network, c) : networkSettings(c),
  };
}

/** The image column: the name the user gave, or the id once that name points elsewhere (Docker's refreshImage). */
async function imageColumn(ctx: EngineContext, c: Container): Promise<string> {
  const name = c.record.Config.Image ?? '';
  if (name === '' || name === c.record.Image) return c.record.Image;
  const current = await ctx.deps.images.resolve(name).catch(() => undefined);
  return current?.id === c.record.Image ? name : c.record.Image;
}

export async function summarize(ctx: EngineContext, c: Container, opts: { size?: boolean } = {}): Promise<ContainerSummary> {
  const r = c.record;
  return {
    Id: r.ID,
    Names: [r.Name],
    Image: await imageColumn(ctx, c),
    ImageID: r.Image,
    Command: commandString(r.Path, r.Args),
    Created: Math.floor(Date.parse(r.Created) / 1000),
    Ports: ctx.deps.network ? portsView(ctx.deps.network, c) : [],
    ...(opts.size ? await sizes(ctx, c) : {}),
    Labels: r.Config.Labels ?? {},
    State: c.status,
    Status: humanStatus(r.State, c.removing),
    HostConfig: { NetworkMode: r.HostConfig.NetworkMode ?? 'default', ...(r.HostConfig.Annotations ? { Annotations: r.HostConfig.Annotations } : {}) },
    NetworkSettings: { Networks: ctx.deps.network && r.Networks ? networksView(ctx.deps.network, c) : networksOf(c) },
    Mounts: storedMounts(c).map((m) => m.point),
  };
}
