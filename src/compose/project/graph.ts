/**
 * The services' dependency graph (`depends_on`, `links`, `network_mode:
 * service:x`, `volumes_from`… all make an edge) and walks over it: each
 * service's work starts once the work of what it depends on is done, so
 * independent services run in parallel; `down` walks it backwards.
 */
import { invalidArgument } from '../../errdefs/index.js';
import type { ServiceConfig } from '../types.js';

/** The services s needs, by name: depends_on, links, and service: references. */
export function dependenciesOf(s: ServiceConfig): string[] {
  const deps = new Set(Object.keys(s.depends_on ?? {}));
  for (const link of s.links ?? []) deps.add(link.split(':')[0]!);
  for (const mode of [s.network_mode, s.ipc, s.pid]) if (mode?.startsWith('service:')) deps.add(mode.slice('service:'.length));
  return [...deps];
}

/** Throws `dependency cycle detected: a -> b -> a` when services depend on each other in a ring. */
export function checkCycles(services: Record<string, ServiceConfig>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done' || !services[name]) return;
    if (state.get(name) === 'visiting') {
      const ring = [...path.slice(path.indexOf(name)), name];
      throw invalidArgument(`dependency cycle detected: ${ring.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    path.push(name);
    for (const dep of dependenciesOf(services[name]!)) visit(dep);
    path.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(services).sort()) visit(name);
}

/** names and, recursively, what they depend on (those in services only). */
export function withDependencies(services: Record<string, ServiceConfig>, names: readonly string[]): string[] {
  const seen = new Set<string>();
  const add = (n: string): void => {
    if (seen.has(n) || !services[n]) return;
    seen.add(n);
    for (const d of dependenciesOf(services[n]!)) add(d);
  };
  names.forEach(add);
  return Object.keys(services).filter((n) => seen.has(n));
}

/**
 * Runs fn for each of names once fn has finished for everything it depends on
 * (reverse: once it has finished for everything depending on it). A failure
 * stops what would wait on it and is thrown once the rest has settled.
 */
export async function inDependencyOrder(
  services: Record<string, ServiceConfig>,
  names: readonly string[],
  fn: (name: string) => Promise<void>,
  o: { reverse?: boolean } = {},
): Promise<void> {
  checkCycles(services);
  const chosen = new Set(names);
  const before = new Map<string, string[]>();
  for (const n of chosen) {
    const deps = o.reverse
      ? [...chosen].filter((other) => services[other] && dependenciesOf(services[other]!).includes(n))
      : dependenciesOf(services[n]!).filter((d) => chosen.has(d));
    before.set(n, deps);
  }
  const runs = new Map<string, Promise<void>>();
  const start = (n: string): Promise<void> => {
    let p = runs.get(n);
    if (!p) {
      p = Promise.all((before.get(n) ?? []).map(start)).then(() => fn(n));
      runs.set(n, p);
    }
    return p;
  };
  const results = await Promise.allSettled([...chosen].map(start));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
