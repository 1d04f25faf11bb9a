/**
 * A Service on one host: its name becomes a network alias of every pod it
 * selects, so the embedded DNS answers it with those pods' addresses (shuffled,
 * as for any alias shared by several containers); NodePort and LoadBalancer
 * ports are also published on the host by the selected pods.
 */
import { port, type Fields } from './fields.js';
import type { PodPlan } from './pod.js';

export interface ServicePlan {
  name: string;
  selector: Record<string, string>;
  /** Host port bindings each selected pod publishes: `targetPort/protocol` → host port. */
  published: { target: string; hostPort: number }[];
}

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** Reads a Service's spec; `warn` fields a pod on one host cannot honour. */
export function planService(name: string, spec: Fields): ServicePlan {
  const type = spec.string('type') ?? 'ClusterIP';
  if (!TYPES.includes(type)) spec.fail('type', `unsupported value "${type}": must be ClusterIP, NodePort or LoadBalancer`);
  const selector = spec.stringMap('selector');
  // A service without a selector names endpoints made by hand, which nothing here makes.
  if (Object.keys(selector).length === 0) spec.warn('selector', 'empty: the service selects no pod');
  // Addresses come from the pods themselves: there is no virtual IP to allocate, set or share.
  spec.ignore('clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'sessionAffinity', 'internalTrafficPolicy', 'externalTrafficPolicy', 'publishNotReadyAddresses', 'allocateLoadBalancerNodePorts', 'loadBalancerIP', 'loadBalancerSourceRanges');
  const published: ServicePlan['published'] = [];
  for (const p of spec.objects('ports')) {
    const servicePort = port(p, 'port') ?? p.fail('port', 'required');
    const protocol = (p.string('protocol') ?? 'TCP').toLowerCase();
    if (!['tcp', 'udp', 'sctp'].includes(protocol)) p.fail('protocol', `unsupported protocol "${protocol}"`);
    const rawTarget = p.string('targetPort') ?? String(servicePort);
    const target = /^\d+$/.test(rawTarget) ? Number(rawTarget) : undefined;
    if (target !== undefined && (target < 1 || target > 65535)) p.fail('targetPort', `must be between 1 and 65535, got ${target}`);
    const nodePort = port(p, 'nodePort');
    p.ignore('name', 'appProtocol');
    p.done();
    // The name leads to the pods themselves, with no proxy in between: clients reach the container's port.
    if (target !== servicePort) p.warn('targetPort', `${rawTarget} differs from port ${servicePort}: "${name}" is reached on the container's port ${rawTarget}, not on ${servicePort}`);
    if (type === 'ClusterIP') {
      if (nodePort !== undefined) p.warn('nodePort', 'ignored for a ClusterIP service');
      continue;
    }
    if (target === undefined) p.fail('targetPort', `a named port ("${rawTarget}") is not supported for a ${type} service`);
    published.push({ target: `${target}/${protocol}`, hostPort: nodePort ?? servicePort });
  }
  spec.done();
  return { name, selector, published };
}

function selects(s: ServicePlan, pod: PodPlan): boolean {
  const labels = pod.create.Labels ?? {};
  const keys = Object.keys(s.selector);
  return keys.length > 0 && keys.every((k) => labels[k] === s.selector[k]);
}

/**
 * Gives each selected pod the service's name as an alias and its published ports; returns the
 * warnings. Two pods publishing one host port cannot both start: only the first publishes it.
 */
export function applyServices(services: readonly ServicePlan[], pods: readonly PodPlan[]): string[] {
  const warnings: string[] = [];
  for (const s of services) {
    const chosen = pods.filter((p) => selects(s, p) && p.create.Network !== 'host');
    if (chosen.length === 0 && Object.keys(s.selector).length > 0) warnings.push(`Service "${s.name}": its selector matches no pod of the file`);
    for (const pod of chosen) pod.create.Aliases = [...(pod.create.Aliases ?? []), s.name];
    for (const { target, hostPort } of s.published) {
      const [first, ...rest] = chosen;
      if (!first) continue;
      const bindings = (first.create.PortBindings ??= {});
      (bindings[target] ??= []).push({ HostIp: '', HostPort: String(hostPort) });
      if (rest.length > 0) warnings.push(`Service "${s.name}": host port ${hostPort} is published by pod ${first.name} only (one host port, one pod)`);
    }
  }
  return warnings;
}
