/** The API's views of a pod: its status from its containers' states, inspect, the list, top. */
import type { ContainerTopResponse } from '../../apitypes/containers.js';
import type { PodContainer, PodInspect, PodStatus, PodSummary } from '../../apitypes/pods.js';
import { conflict } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { topContainer } from '../containers/stats.js';
import { podContainers } from './members.js';
import type { Pod } from './store.js';

function allOf(ctx: EngineContext, pod: Pod): Container[] {
  const { infra, members } = podContainers(ctx, pod);
  return [...(infra ? [infra] : []), ...members];
}

/** podman's rule: all running → Running (all paused → Paused), some → Degraded, none → Exited, or Created if none ever ran. */
export function podStatus(cs: Container[]): PodStatus {
  const running = cs.filter((c) => c.running);
  if (running.length > 0 && running.length === cs.length) return running.every((c) => c.record.State.Paused) ? 'Paused' : 'Running';
  if (running.length > 0) return 'Degraded';
  return cs.some((c) => c.record.HasBeenStartedBefore) ? 'Exited' : 'Created';
}

function containerView(c: Container): PodContainer {
  return { Id: c.id, Name: c.name.slice(1), State: c.status };
}

export function inspectPod(ctx: EngineContext, pod: Pod): PodInspect {
  const r = pod.record;
  const cs = allOf(ctx, pod);
  return {
    Id: r.Id,
    Name: r.Name,
    Created: r.Created,
    State: podStatus(cs),
    Hostname: r.Hostname,
    Labels: r.Labels,
    InfraContainerId: r.InfraContainerId,
    SharedNamespaces: r.Share,
    NumContainers: cs.length,
    Containers: cs.map(containerView),
    InfraConfig: { Network: r.Network, PortBindings: r.PortBindings, ExtraHosts: r.ExtraHosts, Dns: r.Dns },
  };
}

/** The list's row: inspect's facts under podman's list names. */
export function summarizePod(ctx: EngineContext, pod: Pod): PodSummary {
  const i = inspectPod(ctx, pod);
  const { Id, Name, Created, Labels, Containers } = i;
  return { Id, Name, Created, Status: i.State, Labels, InfraId: i.InfraContainerId, Networks: [i.InfraConfig.Network], Containers };
}

/** Every running container's processes, under a first column naming the container. */
export async function topPod(ctx: EngineContext, pod: Pod, psArgs?: string): Promise<ContainerTopResponse> {
  const running = allOf(ctx, pod).filter((c) => c.running && !c.record.State.Restarting);
  if (running.length === 0) throw conflict(`pod ${pod.name} is not running`);
  const tops = await Promise.all(running.map(async (c) => ({ c, top: await topContainer(ctx, c, psArgs) })));
  return {
    Titles: ['CONTAINER', ...(tops[0]?.top.Titles ?? [])],
    Processes: tops.flatMap(({ c, top }) => top.Processes.map((p) => [c.name.slice(1), ...p])),
  };
}
