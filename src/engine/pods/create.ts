/**
 * `POST /wharf/pods/create`: reserve the name, make the infra image if the
 * daemon has none yet, create the infra container (which holds the pod's
 * network, ports, hostname and /etc files), then write the pod's record.
 * The record comes last: a daemon killed before it leaves an infra container
 * without a pod, which the next start removes (restore.ts).
 */
import type { ContainerCreateRequest } from '../../apitypes/containers.js';
import { POD_ID_LABEL, POD_INFRA_LABEL, POD_NAME_LABEL, type PodCreateRequest, type PodCreateResponse, type PodNamespace } from '../../apitypes/pods.js';
import { invalidArgument } from '../../errdefs/index.js';
import { newId, shortId } from '../../util/ids.js';
import type { EngineContext } from '../context.js';
import { createContainer } from '../containers/create.js';
import { removeContainer } from '../containers/remove.js';
import { INFRA_IMAGE } from './infra-image.js';
import { checkPodName, Pod, type PodRecord } from './store.js';

const DEFAULT_SHARE: PodNamespace[] = ['net', 'ipc', 'uts'];
const NAMESPACES: readonly string[] = ['net', 'ipc', 'uts', 'pid'];

function shareOf(asked: string[] | undefined): PodNamespace[] {
  if (!asked?.length) return DEFAULT_SHARE;
  for (const ns of asked) if (!NAMESPACES.includes(ns)) throw invalidArgument(`invalid kernel namespace to share: ${ns}: choose from net, ipc, uts, pid`);
  // The network is what makes a pod: it is always shared.
  return NAMESPACES.filter((ns) => ns === 'net' || asked.includes(ns)) as PodNamespace[];
}

/** Modes that are no user network: no alias there (Docker allows aliases on user networks only). */
const NO_ALIAS = new Set(['bridge', 'default', 'host', 'none']);

function infraRequest(record: PodRecord, image: string): ContainerCreateRequest {
  const exposed = Object.fromEntries(Object.keys(record.PortBindings).map((k) => [k, {}]));
  // On a user network the pod answers to its name, so other containers reach its members by it.
  const aliases = NO_ALIAS.has(record.Network) ? {} : { NetworkingConfig: { EndpointsConfig: { [record.Network]: { Aliases: [record.Name, ...(record.Aliases ?? [])] } } } };
  return {
    ...aliases,
    Image: image,
    Hostname: record.Hostname,
    ExposedPorts: exposed,
    Labels: { [POD_NAME_LABEL]: record.Name, [POD_ID_LABEL]: record.Id, [POD_INFRA_LABEL]: 'true' },
    HostConfig: {
      NetworkMode: record.Network,
      PortBindings: record.PortBindings,
      ExtraHosts: record.ExtraHosts,
      Dns: record.Dns,
      // Members join its IPC namespace, which Docker allows only from a shareable donor.
      IpcMode: record.Share.includes('ipc') ? 'shareable' : 'private',
    },
  };
}

export async function createPod(ctx: EngineContext, req: PodCreateRequest): Promise<PodCreateResponse> {
  const id = newId();
  if (req.Name) checkPodName(req.Name);
  const name = req.Name || ctx.pods.generateName();
  const share = shareOf(req.Share);
  const network = req.Network || 'bridge';
  if (network.startsWith('container:')) throw invalidArgument(`invalid network for a pod: ${network}: a pod holds its own network`);
  ctx.pods.reserve(name, id);
  let infraId: string | undefined;
  try {
    await ctx.infraImage.get();
    const record: PodRecord = {
      Id: id,
      Name: name,
      Created: new Date().toISOString(),
      Labels: req.Labels ?? {},
      Hostname: req.Hostname || name,
      Network: network,
      ...(req.Aliases?.length ? { Aliases: req.Aliases } : {}),
      PortBindings: req.PortBindings ?? {},
      Share: share,
      ExtraHosts: req.ExtraHosts ?? [],
      Dns: req.Dns ?? [],
      InfraContainerId: '',
    };
    const infra = await createContainer(ctx, `${shortId(id)}-infra`, infraRequest(record, INFRA_IMAGE));
    infraId = infra.Id;
    record.InfraContainerId = infraId;
    await ctx.pods.add(new Pod(record));
    return { Id: id };
  } catch (err) {
    ctx.pods.release(name, id);
    const infra = infraId ? ctx.store.find(infraId) : undefined;
    if (infra) await removeContainer(ctx, infra, { force: true, volumes: true }).catch(() => undefined);
    throw err;
  }
}
