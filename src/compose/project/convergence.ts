/**
 * `up`'s core, as Compose v2's convergence: for each service, in dependency
 * order (independent services in parallel), compare what runs with what the
 * project asks for, by the config hash and the image id on each container,
 * and do only the difference: create the missing replicas, remove the extra
 * ones (highest numbers first), recreate the changed ones, start the stopped
 * ones. A second `up` of an unchanged project therefore touches nothing.
 */
import type { MountSpec } from '../../apitypes/containers.js';
import { createContainer, renameContainer } from '../../client/containers.js';
import { failedPrecondition } from '../../errdefs/index.js';
import type { Project, ServiceConfig } from '../types.js';
import { serviceHash } from './config-hash.js';
import { containerRequest, pinsContainersOf } from './container-spec.js';
import { waitCondition } from './conditions.js';
import { inDependencyOrder, withDependencies } from './graph.js';
import { ensureImages, serviceError, type BuildMode, type PullMode } from './images.js';
import { replicasOf, selectServices, type ComposeIo } from './io.js';
import { stopAndRemove, transition } from './lifecycle.js';
import { containerName } from './naming.js';
import { projectContainers, type ObservedContainer } from './observed.js';
import { quietProgress } from './progress.js';
import { ensureNetworks, ensureVolumes } from './resources.js';
import { copyInjectedFiles, injectedFiles } from './injected-files.js';

export type RecreatePolicy = 'diverged' | 'force' | 'never';

export interface UpOptions {
  /** The services asked for (none: all); their dependencies come too unless noDeps. */
  services?: readonly string[];
  noDeps?: boolean;
  recreate?: RecreatePolicy;
  /** How dependencies of the services asked for are recreated (v2's --always-recreate-deps). */
  recreateDeps?: RecreatePolicy;
  scale?: Readonly<Record<string, number>>;
  noStart?: boolean;
  removeOrphans?: boolean;
  /** Stop timeout in seconds for what is replaced or removed. */
  timeout?: number;
  build?: BuildMode;
  pull?: PullMode;
}

export interface UpResult {
  /** The services brought up, in the order of the project. */
  services: string[];
  /** Their containers afterwards. */
  containers: ObservedContainer[];
}

const ANONYMOUS = /^[0-9a-f]{64}$/;

/** Anonymous volumes of a replaced container, which its successor keeps (v2 does the same). */
function inheritedMounts(s: ServiceConfig, old: ObservedContainer): MountSpec[] {
  const declared = new Set((s.volumes ?? []).map((v) => v.target));
  return (old.summary.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && m.Name !== undefined && ANONYMOUS.test(m.Name) && !declared.has(m.Destination))
    .map((m) => ({ Type: 'volume' as const, Source: m.Name, Target: m.Destination }));
}

/** Orphans: the project's containers whose service the files no longer name. */
export function orphansOf(project: Project, containers: readonly ObservedContainer[]): ObservedContainer[] {
  return containers.filter((c) => !c.oneoff && !project.services[c.service] && !project.disabledServices[c.service]);
}

export async function handleOrphans(io: ComposeIo, containers: readonly ObservedContainer[], remove: boolean, timeout?: number): Promise<void> {
  const orphans = orphansOf(io.project, containers);
  if (orphans.length === 0) return;
  if (!remove) {
    io.warn(
      `Found orphan containers ([${orphans.map((o) => o.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
    return;
  }
  await Promise.all(orphans.map((c) => stopAndRemove(io.client, c, io.progress, { timeout })));
}

class Convergence {
  private readonly byService = new Map<string, ObservedContainer[]>();
  private readonly recreated = new Set<string>();

  constructor(
    private readonly io: ComposeIo,
    private readonly services: Record<string, ServiceConfig>,
    private readonly chosen: ReadonlySet<string>,
    private readonly imageIds: ReadonlyMap<string, string>,
    private readonly o: UpOptions,
    observed: readonly ObservedContainer[],
  ) {
    for (const c of observed) {
      const list = this.byService.get(c.service) ?? [];
      list.push(c);
      this.byService.set(c.service, list);
    }
  }

  containersOf(service: string): ObservedContainer[] {
    return this.byService.get(service) ?? [];
  }

  private containerOf = (service: string): string => {
    const first = this.containersOf(service)[0];
    if (!first) throw failedPrecondition(`service "${service}" has no container to refer to`);
    return first.name;
  };

  private policyFor(name: string): RecreatePolicy {
    const asked = this.o.services === undefined || this.o.services.length === 0 || this.o.services.includes(name);
    return (asked ? this.o.recreate : this.o.recreateDeps) ?? 'diverged';
  }

  private mustRecreate(s: ServiceConfig, c: ObservedContainer, hash: string): boolean {
    const policy = this.policyFor(s.name);
    if (policy === 'never') return false;
    if (policy === 'force') return true;
    if ([...this.recreated].some((dep) => pinsContainersOf(s, dep))) return true;
    const image = this.imageIds.get(s.name);
    return c.hash !== hash || (image !== undefined && c.imageId !== image);
  }

  private async create(s: ServiceConfig, number: number, name: string, hash: string, inherited: MountSpec[] = []): Promise<ObservedContainer> {
    const body = containerRequest(this.io.project, s, { number, name, hash, imageId: this.imageIds.get(s.name) }, { containerOf: this.containerOf, inherited });
    const { Id } = await createContainer(this.io.client, body, { name });
    await copyInjectedFiles(this.io.client, Id, injectedFiles(this.io.project, s));
    return {
      id: Id,
      name,
      service: s.name,
      number,
      hash,
      oneoff: false,
      state: 'created',
      imageId: this.imageIds.get(s.name) ?? '',
      summary: { Id, Names: [`/${name}`], Image: body.Image ?? '', ImageID: '', Command: '', Created: 0, Ports: [], Labels: body.Labels ?? {}, State: 'created', Status: '', HostConfig: { NetworkMode: '' }, NetworkSettings: { Networks: {} }, Mounts: [] },
    };
  }

  /** v2's recreate: the successor is made beside the old container under a temporary name, then takes its name. */
  private async recreate(s: ServiceConfig, old: ObservedContainer, hash: string): Promise<ObservedContainer> {
    const { progress, client } = this.io;
    progress.event('Container', old.name, 'Recreate');
    const next = await this.create(s, old.number, `${old.id.slice(0, 12)}_${old.name}`, hash, inheritedMounts(s, old));
    await stopAndRemove(client, old, quietProgress, { timeout: this.o.timeout });
    await renameContainer(client, next.id, old.name);
    progress.event('Container', old.name, 'Recreated');
    return { ...next, name: old.name, summary: { ...next.summary, Names: [`/${old.name}`] } };
  }

  private async waitDependencies(s: ServiceConfig): Promise<void> {
    for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
      const containers = this.containersOf(dep);
      if (!this.services[dep] || (containers.length === 0 && !cond.required)) {
        if (cond.required) throw failedPrecondition(`service "${s.name}" depends on undefined service "${dep}": invalid compose project`);
        this.io.warn(`optional dependency "${dep}" of service "${s.name}" is not running`);
        continue;
      }
      try {
        await waitCondition(this.io.client, dep, cond.condition, containers, this.io.progress);
      } catch (err) {
        if (cond.required) throw err;
        this.io.warn(`optional dependency "${dep}" failed: ${(err as Error).message}`);
      }
    }
  }

  async converge(name: string): Promise<void> {
    const s = this.services[name]!;
    const { client, progress } = this.io;
    const hash = serviceHash(s);
    const current = [...this.containersOf(name)].sort((a, b) => a.number - b.number);
    const wanted = replicasOf(s, this.o.scale);
    // Extra replicas go first, from the highest number down, as in v2.
    const excess = current.slice(wanted);
    await Promise.all(excess.map((c) => stopAndRemove(client, c, progress, { timeout: this.o.timeout })));
    const kept: ObservedContainer[] = [];
    const toStart: ObservedContainer[] = [];
    const toRestart: ObservedContainer[] = [];
    const restartOn = Object.entries(s.depends_on ?? {}).filter(([dep, d]) => d.restart && this.recreated.has(dep));
    await Promise.all(
      current.slice(0, wanted).map(async (c) => {
        if (this.mustRecreate(s, c, hash)) {
          const next = await this.recreate(s, c, hash);
          this.recreated.add(name);
          kept.push(next);
          toStart.push(next);
        } else {
          kept.push(c);
          if (c.state !== 'running') toStart.push(c);
          else if (restartOn.length > 0) toRestart.push(c);
          else progress.event('Container', c.name, 'Running', 'done');
        }
      }),
    );
    let number = Math.max(0, ...current.map((c) => c.number));
    const creations: Array<Promise<ObservedContainer>> = [];
    for (let i = kept.length; i < wanted; i++) {
      const n = ++number;
      const cname = containerName(this.io.project.name, s, n);
      creations.push(
        (async () => {
          progress.event('Container', cname, 'Creating');
          const c = await this.create(s, n, cname, hash);
          progress.event('Container', cname, 'Created');
          return c;
        })(),
      );
    }
    const created = await Promise.all(creations);
    kept.push(...created);
    toStart.push(...created);
    kept.sort((a, b) => a.number - b.number);
    this.byService.set(name, kept);
    // Nothing to start: nothing waits on the dependencies either, so an unchanged project's `up` is quick.
    if (this.o.noStart || toStart.length + toRestart.length === 0) return;
    await this.waitDependencies(s);
    await Promise.all([
      ...toStart.map((c) => transition(client, c, 'start', progress)),
      ...toRestart.map((c) => transition(client, c, 'restart', progress, { timeout: this.o.timeout })),
    ]);
    for (const c of toStart) c.state = 'running';
  }

  async run(): Promise<void> {
    await inDependencyOrder(this.services, [...this.chosen], async (name) => {
      try {
        await this.converge(name);
      } catch (err) {
        throw serviceError(name, err);
      }
    });
  }
}

export async function up(io: ComposeIo, o: UpOptions = {}): Promise<UpResult> {
  const { project, client, progress } = io;
  const asked = selectServices(project, o.services ?? []);
  selectServices(project, Object.keys(o.scale ?? {}));
  const services: Record<string, ServiceConfig> = { ...project.services };
  for (const s of asked) services[s.name] = s;
  const names = o.noDeps ? asked.map((s) => s.name) : withDependencies(services, asked.map((s) => s.name));
  const chosen = names.map((n) => services[n]!);
  // What the engine would refuse for the project's own reasons is refused before anything is made.
  for (const s of chosen) {
    containerRequest(project, s, { number: 1, name: containerName(project.name, s, 1), hash: '' }, { containerOf: (dep) => dep });
    injectedFiles(project, s);
  }
  const imageIds = await ensureImages(io, chosen, { build: o.build ?? 'missing', pull: o.pull ?? 'policy' });
  await ensureNetworks(client, project, Object.keys(project.networks), progress);
  await ensureVolumes(client, project, Object.keys(project.volumes), progress, (t) => io.warn(t));
  const observed = await projectContainers(client, project.name, { oneoff: false });
  await handleOrphans(io, observed, o.removeOrphans ?? false, o.timeout);
  const convergence = new Convergence(io, services, new Set(names), imageIds, o, observed.filter((c) => services[c.service]));
  await convergence.run();
  return { services: names, containers: names.flatMap((n) => convergence.containersOf(n)) };
}
