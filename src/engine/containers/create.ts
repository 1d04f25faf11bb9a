/**
 * `POST /containers/create`: validate, merge the image's config, reserve the
 * name, prepare the writable snapshot and the /etc files, persist, emit `create`.
 */
import { mkdir, rm } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { ContainerCreateRequest, ContainerCreateResponse, HostConfig } from '../../apitypes/containers.js';
import type { ImageConfig } from '../../oci/image.js';
import type { Digest } from '../../util/digest.js';
import { newId } from '../../util/ids.js';
import type { EngineContext } from '../context.js';
import { configureNetworks } from '../networks/endpoints.js';
import { checkLegacyLinks } from '../networks/links.js';
import { hostGateway } from '../networks/sandbox.js';
import { Container } from './container.js';
import { writeEtcFiles } from './etc-files.js';
import { entrypointAndArgs, mergeConfig } from './merge-config.js';
import { parseMounts } from './mounts.js';
import { normalizeName } from './names.js';
import { normalizeNetworkMode, normalizeSharedMode } from './network-mode.js';
import { initialState, type ContainerRecord } from './record.js';
import { validateConfig, validateHostConfig } from './validate.js';
import { DEFAULT_RUNTIME } from './runtimes.js';
import type { StoredMount } from './mounts.js';
import { createMounts, releaseMounts } from './volume-mounts.js';
import { checkHostConfigForHost } from './host-checks.js';
import { verifyLogConfig } from './log-config.js';
import { isSystemContainer, SYSTEMD_STOP_SIGNAL, systemdMode } from './systemd.js';

const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** The defaults Docker writes into a new container's HostConfig, so inspect shows them. */
function withDefaults(hc: HostConfig, networkMode: string): HostConfig {
  const policy = hc.RestartPolicy?.Name ? hc.RestartPolicy : { Name: 'no' as const, MaximumRetryCount: 0 };
  return {
    ...hc,
    NetworkMode: networkMode,
    RestartPolicy: { MaximumRetryCount: 0, ...policy },
    IpcMode: hc.IpcMode || 'private',
    CgroupnsMode: hc.CgroupnsMode || 'host',
    ShmSize: hc.ShmSize || DEFAULT_SHM_SIZE,
    OomKillDisable: hc.OomKillDisable ?? false,
    Binds: hc.Binds ?? null,
    PortBindings: hc.PortBindings ?? {},
    ConsoleSize: hc.ConsoleSize ?? [0, 0],
    Runtime: hc.Runtime || DEFAULT_RUNTIME,
  };
}

/**
 * Docker's create, step by step in the order its refusals must come (config, name,
 * image, mounts, network, record): long because the order is the contract, and each
 * step undoes what the earlier ones made when a later one refuses.
 */
export async function createContainer(ctx: EngineContext, name: string | undefined, body: ContainerCreateRequest): Promise<ContainerCreateResponse> {
  const { HostConfig: rawHostConfig, NetworkingConfig: networking, ...userConfig } = body;
  validateConfig(userConfig);
  const hostConfig = rawHostConfig ?? {};
  const warnings = validateHostConfig(hostConfig);
  warnings.push(...checkHostConfigForHost(hostConfig, ctx.deps.hostFacts));
  const networkMode = normalizeNetworkMode(hostConfig.NetworkMode, ctx.store, ctx.deps.network);
  const hc = withDefaults(hostConfig, networkMode);
  hc.PidMode = normalizeSharedMode(hostConfig.PidMode, ctx.store) ?? '';
  hc.IpcMode = normalizeSharedMode(hc.IpcMode, ctx.store);
  if (hc.UTSMode) hc.UTSMode = normalizeSharedMode(hc.UTSMode, ctx.store);
  parseMounts(hc);

  let imageId: Digest | undefined;
  let imageConfig: ImageConfig | undefined;
  let parent: string | undefined;
  if (userConfig.Image) {
    const image = await ctx.deps.images.resolve(userConfig.Image);
    imageId = image.id;
    imageConfig = await ctx.deps.images.config(image);
    parent = await ctx.deps.images.rootfsParent(image);
  }
  const config = mergeConfig(userConfig, imageConfig?.config);
  systemdMode(hc, config);
  // Linked containers must exist now (they must run only at start), as in Docker.
  checkLegacyLinks(ctx.store, hc);
  hc.LogConfig = verifyLogConfig(hostConfig.LogConfig);
  const networks = ctx.deps.network ? configureNetworks(ctx.deps.network, hc, config, networking) : undefined;

  const id = newId();
  const fullName = name ? normalizeName(name) : undefined;
  if (fullName) ctx.store.names.reserve(fullName, id);
  const finalName = fullName ?? ctx.store.names.reserveGenerated(id);

  const hostNetwork = networkMode === 'host';
  if (!config.Hostname) config.Hostname = hostNetwork ? osHostname() : id.slice(0, 12);
  const dir = ctx.store.dir(id);
  let snapshotMade = false;
  let mounts: StoredMount[] = [];
  try {
    await mkdir(dir, { recursive: true, mode: 0o710 });
    await ctx.deps.snapshots.prepare(id, parent, { 'wharf.container': id });
    snapshotMade = true;
    const etc = await writeEtcFiles({
      dir,
      hostname: config.Hostname,
      domainname: config.Domainname,
      hostNetwork,
      extraHosts: hc.ExtraHosts ?? undefined,
      hostGateway: hostGateway(ctx.deps.network),
      dns: hc.Dns?.length ? hc.Dns : ctx.deps.dns,
      dnsSearch: hc.DnsSearch ?? undefined,
      dnsOptions: hc.DnsOptions ?? undefined,
      hostResolvConf: ctx.deps.hostResolvConf,
      hostHosts: ctx.deps.hostHosts,
    });
    mounts = await createMounts(ctx, id, hc, config);
    const { path, args } = entrypointAndArgs(config);
    // Set where inspect shows it and stop reads it; a user's or image's signal wins.
    if (!config.StopSignal && isSystemContainer(hc, config, path)) config.StopSignal = SYSTEMD_STOP_SIGNAL;
    const record: ContainerRecord = {
      ID: id,
      Created: new Date().toISOString(),
      Path: path,
      Args: args,
      Config: config,
      HostConfig: hc,
      State: initialState(),
      Image: imageId ?? ('' as Digest),
      Name: finalName,
      RestartCount: 0,
      HasBeenManuallyStopped: false,
      HasBeenStartedBefore: false,
      SnapshotKey: id,
      ...(parent ? { SnapshotParent: parent } : {}),
      LogPath: join(dir, 'container.log'),
      HostnamePath: etc.hostname,
      HostsPath: etc.hosts,
      ResolvConfPath: etc.resolvConf,
      MountPoints: mounts,
      ...(networks ? { Networks: networks } : {}),
    };
    const c = new Container(record);
    ctx.store.add(c);
    await ctx.store.save(c);
    ctx.emit(c, 'create');
    return { Id: id, Warnings: warnings };
  } catch (err) {
    ctx.store.names.release(finalName);
    const c = ctx.store.find(id);
    if (c) await ctx.store.delete(c);
    await releaseMounts(ctx, id, mounts, true);
    if (snapshotMade) await ctx.deps.snapshots.remove(id).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
