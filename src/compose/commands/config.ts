/**
 * `compose config`: the project as the loader made it (merged, interpolated,
 * normalized), in v2's layout: `name`, `services`, `networks`, `volumes`,
 * `secrets`, `configs`, then `x-` extensions; or one list (`--services`, …).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { ComposeError, type ComposeCommand, type ComposeContext } from '../command.js';
import type { Project, ServiceConfig } from '../types.js';

/** Fields that are maps in compose-go (Go prints map keys sorted; struct fields keep their order). */
const MAP_FIELDS = new Set(['environment', 'labels', 'networks', 'depends_on', 'extra_hosts', 'sysctls', 'ulimits', 'args', 'options', 'driver_opts']);

function sortedKeys<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Map-typed fields sorted, at any depth (build.args, logging.options, deploy.labels, …). */
function sortMaps(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => sortMaps(v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, sortMaps(v, k)] as const);
  return MAP_FIELDS.has(key) ? sortedKeys(Object.fromEntries(entries)) : Object.fromEntries(entries);
}

/** The keys v2 prints: services and their keys sorted, a service's name left to its key. */
function view(project: Project): Record<string, unknown> {
  const services = Object.fromEntries(
    Object.entries(sortedKeys(project.services)).map(([key, svc]) => {
      const { name: _name, extensions, ...rest } = svc;
      return [key, { ...(sortMaps(sortedKeys(rest)) as object), ...(extensions ?? {}) }];
    }),
  );
  const out: Record<string, unknown> = { name: project.name, services };
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(project[kind]).length > 0) out[kind] = sortMaps(sortedKeys(project[kind]));
  }
  return { ...out, ...(project.extensions ?? {}) };
}

/** The image a service runs: its own, or the one `build` tags (`project-service`). */
export function serviceImage(project: Project, svc: ServiceConfig): string {
  return svc.image ?? `${project.name}-${svc.name}`;
}

function lines(items: Iterable<string>): string {
  const list = [...items];
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}

async function render(ctx: ComposeContext): Promise<string> {
  const { flags } = ctx;
  const options = { ...ctx.loadOptions, services: ctx.args, interpolate: !flags.bool('no-interpolate') };
  const { loadProject } = await import('../loader/index.js');
  const project = await loadProject(options);
  // Named services narrow the output to them (and what they depend on).
  if (ctx.args.length > 0) {
    const keep = new Set<string>();
    const add = (n: string): void => {
      if (keep.has(n)) return;
      keep.add(n);
      for (const dep of Object.keys(project.services[n]?.depends_on ?? {})) add(dep);
    };
    ctx.args.forEach(add);
    project.services = Object.fromEntries(Object.entries(project.services).filter(([k]) => keep.has(k)));
  }
  if (flags.bool('services')) return lines(Object.keys(project.services));
  if (flags.bool('volumes')) return lines(Object.keys(project.volumes));
  if (flags.bool('networks')) return lines(Object.keys(project.networks));
  if (flags.bool('profiles')) {
    const all = [...Object.values(project.services), ...Object.values(project.disabledServices)].flatMap((s) => s.profiles ?? []);
    return lines([...new Set(all)].sort());
  }
  if (flags.bool('images')) return lines(Object.values(project.services).map((s) => serviceImage(project, s)));
  const format = flags.string('format');
  if (format === 'json') return `${JSON.stringify(view(project), null, 2)}\n`;
  if (format === 'yaml') return stringify(view(project), { indent: 2, lineWidth: 0, aliasDuplicateObjects: false });
  throw new ComposeError(`unsupported format "${format}"`);
}

export const command: ComposeCommand = {
  name: 'config',
  aliases: ['convert'],
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Parse, resolve and render compose file in canonical format',
  flags: [
    { name: 'format', type: 'string', description: 'Format the output. Values: [yaml | json]', default: 'yaml' },
    { name: 'services', type: 'bool', description: 'Print the service names, one per line.' },
    { name: 'volumes', type: 'bool', description: 'Print the volume names, one per line.' },
    { name: 'networks', type: 'bool', description: 'Print the network names, one per line.' },
    { name: 'profiles', type: 'bool', description: 'Print the profile names, one per line.' },
    { name: 'images', type: 'bool', description: 'Print the image names, one per line.' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only validate the configuration, don\'t print anything' },
    { name: 'no-interpolate', type: 'bool', description: 'Don\'t interpolate environment variables' },
    { name: 'output', short: 'o', type: 'string', description: 'Save to file (default to stdout)' },
  ],
  async run(ctx) {
    const text = await render(ctx);
    if (ctx.flags.bool('quiet')) return;
    const output = ctx.flags.string('output');
    if (output !== '') writeFileSync(resolve(ctx.loadOptions.cwd, output), text);
    else ctx.stdout.write(text);
  },
};
