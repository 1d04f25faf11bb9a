/**
 * The commands that act on existing containers service by service: `start`
 * (in dependency order, waiting on conditions), `stop` (reverse order), and
 * `restart`, `kill`, `pause`, `unpause`, `rm` (all at once).
 */
import { inDependencyOrder } from './graph.js';
import { selectServices, type ComposeIo } from './io.js';
import { transition, type Transition, type TransitionOptions } from './lifecycle.js';
import { projectContainers, type ObservedContainer } from './observed.js';
import { waitCondition } from './conditions.js';
import { noContainers, serviceNotRunning } from './errors.js';

/** The containers of the services named (all when none) that `which` keeps. */
export async function serviceContainers(io: ComposeIo, names: readonly string[], which: (c: ObservedContainer) => boolean = () => true): Promise<ObservedContainer[]> {
  const services = selectServices(io.project, names).map((s) => s.name);
  const found = await projectContainers(io.client, io.project.name, { oneoff: false, services: names.length > 0 ? services : undefined });
  return found.filter(which);
}

export async function startServices(io: ComposeIo, names: readonly string[]): Promise<void> {
  const containers = await serviceContainers(io, names);
  if (containers.length === 0) throw noContainers();
  const services = { ...io.project.services };
  const chosen = [...new Set(containers.map((c) => c.service))].filter((s) => services[s]);
  await inDependencyOrder(services, chosen, async (name) => {
    for (const [dep, cond] of Object.entries(services[name]!.depends_on ?? {})) {
      const deps = containers.filter((c) => c.service === dep);
      if (deps.length > 0) await waitCondition(io.client, dep, cond.condition, deps, io.progress);
    }
    await Promise.all(containers.filter((c) => c.service === name && c.state !== 'running').map((c) => transition(io.client, c, c.state === 'paused' ? 'unpause' : 'start', io.progress)));
  });
}

export async function stopServices(io: ComposeIo, names: readonly string[], timeout?: number): Promise<void> {
  const containers = await serviceContainers(io, names, (c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  const services = { ...io.project.disabledServices, ...io.project.services };
  const chosen = [...new Set(containers.map((c) => c.service))].filter((s) => services[s]);
  await inDependencyOrder(
    services,
    chosen,
    (name) => Promise.all(containers.filter((c) => c.service === name).map((c) => transition(io.client, c, 'stop', io.progress, { timeout }))).then(() => undefined),
    { reverse: true },
  );
}

/** One transition on each selected container, concurrently. */
export async function eachContainer(io: ComposeIo, names: readonly string[], t: Transition, which: (c: ObservedContainer) => boolean, o: TransitionOptions = {}): Promise<ObservedContainer[]> {
  const containers = await serviceContainers(io, names, which);
  await Promise.all(containers.map((c) => transition(io.client, c, t, io.progress, o)));
  return containers;
}

/** The container `--index` picks among a service's (v2: `exec`, `cp`, `port` act on one). */
export async function serviceContainer(io: ComposeIo, service: string, index: number, running = true): Promise<ObservedContainer> {
  selectServices(io.project, [service]);
  const found = await projectContainers(io.client, io.project.name, { oneoff: false, services: [service], all: !running });
  const c = index > 0 ? found.find((x) => x.number === index) : found[0];
  if (!c) throw serviceNotRunning(service, index);
  return c;
}
