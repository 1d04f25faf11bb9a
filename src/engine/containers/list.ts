/**
 * `GET /containers/json` with Docker's filters and ordering: newest first;
 * `before`/`since` cut the list at a container; `limit` implies all states.
 */
import type { ContainerSummary, Filters } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import { FilterArgs } from '../filters/index.js';
import type { Container } from './container.js';
import { summarize } from './inspect.js';
import { parseMounts } from './mounts.js';
import { onNetworks, publishes } from '../networks/filters.js';
import { ZERO_TIME } from './record.js';

const ACCEPTED = ['ancestor', 'before', 'exited', 'id', 'isolation', 'label', 'name', 'status', 'health', 'since', 'volume', 'network', 'is-task', 'publish', 'expose'];
const STATUSES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const HEALTH = ['starting', 'healthy', 'unhealthy', 'none'];

export interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: Filters;
}

function byCreatedDesc(a: Container, b: Container): number {
  return Date.parse(b.record.Created) - Date.parse(a.record.Created) || (a.id < b.id ? 1 : -1);
}


/** Image ids that are `ancestor` itself or built on it (through Docker's Parent links). */
async function ancestorIds(ctx: EngineContext, refs: string[]): Promise<Set<string>> {
  const roots = new Set<string>();
  for (const ref of refs) {
    const img = await ctx.deps.images.resolve(ref).catch(() => undefined);
    if (img) roots.add(img.id);
  }
  const out = new Set(roots);
  if (roots.size === 0) return out;
  const parentOf = new Map<string, string>();
  for (const img of ctx.deps.images.all()) if (img.parent) parentOf.set(img.id, img.parent);
  for (const id of parentOf.keys()) {
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) {
      if (roots.has(p)) {
        out.add(id);
        break;
      }
    }
  }
  return out;
}

export async function listContainers(ctx: EngineContext, opts: ListOptions): Promise<ContainerSummary[]> {
  const f = new FilterArgs(opts.filters).validate(ACCEPTED);
  const exited = f.get('exited').map((v) => {
    if (!/^-?\d+$/.test(v)) throw invalidArgument(`invalid filter 'exited=${v}'`);
    return Number(v);
  });
  let all = opts.all ?? false;
  for (const v of f.get('status')) {
    if (!STATUSES.includes(v)) throw invalidArgument(`invalid filter 'status=${v}': invalid value for state (${v}): must be one of ${STATUSES.join(', ')}`);
    all = true;
  }
  for (const v of f.get('health')) {
    if (!HEALTH.includes(v)) throw invalidArgument(`invalid filter 'health=${v}': invalid value for health (${v}): must be one of ${HEALTH.join(', ')}`);
  }
  const isTask = f.contains('is-task') ? f.getBool('is-task', false) : undefined;
  // `before=`/`since=` name a container by id, id prefix or name.
  let before: Container | undefined = f.get('before').map((v) => ctx.store.get(v))[0];
  const since = f.get('since').map((v) => ctx.store.get(v))[0];
  const ancestors = f.contains('ancestor') ? await ancestorIds(ctx, f.get('ancestor')) : undefined;
  const limit = opts.limit ?? 0;

  const picked: Container[] = [];
  for (const c of ctx.store.all().sort(byCreatedDesc)) {
    if (before) {
      if (c.id === before.id) before = undefined;
      continue;
    }
    if (since && c.id === since.id) break;
    const s = c.record.State;
    if (!s.Running && !all && limit <= 0) continue;
    if (!f.match('name', c.name) && !f.match('name', c.name.slice(1))) continue;
    if (!f.fuzzyMatch('id', c.id)) continue;
    if (isTask === true) continue; // no swarm tasks here
    if (!f.matchKVList('label', c.record.Config.Labels)) continue;
    if (limit > 0 && picked.length === limit) break;
    if (exited.length > 0 && (s.Running || s.StartedAt === ZERO_TIME || !exited.includes(s.ExitCode))) continue;
    if (!f.match('status', c.status)) continue;
    if (!f.exactMatch('health', s.Health?.Status ?? 'none')) continue;
    if (f.contains('volume')) {
      const points = parseMounts(c.record.HostConfig).map((m) => m.point);
      if (!f.get('volume').some((v) => points.some((p) => p.Destination === v || p.Source === v || p.Name === v))) continue;
    }
    if (ancestors && !ancestors.has(c.record.Image)) continue;
    if (f.contains('network') && !onNetworks(ctx, c, f.get('network'))) continue;
    if (f.contains('publish') && !publishes(ctx, c, f.get('publish'))) continue;
    if (f.contains('expose') && !f.get('expose').some((p) => Object.hasOwn(c.record.Config.ExposedPorts ?? {}, p.includes('/') ? p : `${p}/tcp`))) continue;
    picked.push(c);
  }
  return Promise.all(picked.map((c) => summarize(ctx, c, { size: opts.size })));
}
