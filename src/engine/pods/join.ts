/**
 * A container create that names a pod (the `io.wharf.pod.name` label, which any
 * Docker client can send: `docker run --label io.wharf.pod.name=web …`, and what
 * `wharf run --pod web` sends) becomes a member: it joins the infra container's
 * namespaces through the HostConfig modes Docker already has (`container:<infra>`),
 * and carries the pod's name and id as labels, which `docker ps` shows.
 */
import type { ContainerCreateRequest, HostConfig } from '../../apitypes/containers.js';
import { POD_ID_LABEL, POD_INFRA_LABEL, POD_NAME_LABEL, type PodNamespace } from '../../apitypes/pods.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import { CONTAINER_PREFIX } from '../containers/network-mode.js';

/** What the pod owns, so a member may not set it: the field and the flag users know it by. */
const POD_OWNED: ReadonlyArray<[keyof HostConfig, string]> = [
  ['PortBindings', '--publish'],
  ['PublishAllPorts', '--publish-all'],
  ['Dns', '--dns'],
  ['DnsSearch', '--dns-search'],
  ['DnsOptions', '--dns-option'],
  ['ExtraHosts', '--add-host'],
  ['Links', '--link'],
];

const SHARED_MODE: ReadonlyArray<[PodNamespace, 'IpcMode' | 'UTSMode' | 'PidMode', string]> = [
  ['ipc', 'IpcMode', '--ipc'],
  ['uts', 'UTSMode', '--uts'],
  ['pid', 'PidMode', '--pid'],
];

function isSet(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return v !== undefined && v !== null && v !== '' && v !== false;
}

function refuse(flag: string): Error {
  return invalidArgument(`conflicting options: ${flag} and --pod (the pod's containers share what its infra container has; set it on the pod)`);
}

/** The request unchanged when it names no pod; else the member's request, or a 400 naming what the pod owns. */
export function joinPod(ctx: Pick<EngineContext, 'pods'>, body: ContainerCreateRequest): ContainerCreateRequest {
  const ref = body.Labels?.[POD_NAME_LABEL];
  if (ref === undefined) return body;
  const pod = ctx.pods.get(ref);
  const hc = body.HostConfig ?? {};
  const mode = hc.NetworkMode ?? '';
  const endpoints = Object.keys(body.NetworkingConfig?.EndpointsConfig ?? {});
  if ((mode !== '' && mode !== 'default') || endpoints.some((e) => e !== 'default')) throw refuse('--network');
  if (body.Hostname) throw refuse('--hostname');
  for (const [field, flag] of POD_OWNED) if (isSet(hc[field])) throw refuse(flag);
  const infra = CONTAINER_PREFIX + pod.record.InfraContainerId;
  const joined: HostConfig = { ...hc, NetworkMode: infra };
  for (const [ns, field, flag] of SHARED_MODE) {
    if (!pod.record.Share.includes(ns)) continue;
    if (isSet(hc[field])) throw refuse(flag);
    joined[field] = infra;
  }
  const labels = Object.fromEntries(Object.entries(body.Labels ?? {}).filter(([k]) => k !== POD_INFRA_LABEL));
  const { NetworkingConfig: _dropped, ...rest } = body;
  return { ...rest, Labels: { ...labels, [POD_NAME_LABEL]: pod.name, [POD_ID_LABEL]: pod.id }, HostConfig: joined };
}
