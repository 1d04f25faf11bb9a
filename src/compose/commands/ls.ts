/** `compose ls`: the projects on the engine, found by their containers' labels. */
import { listContainers } from '../../client/containers.js';
import { tabwrite } from '../../cli/format/tabwriter.js';
import { ComposeError, type ComposeCommand } from '../command.js';
import { LABELS } from '../types.js';

interface Stack {
  Name: string;
  Status: string;
  ConfigFiles: string;
}

export const command: ComposeCommand = {
  name: 'ls',
  usage: '[OPTIONS]',
  description: 'List running compose projects',
  maxArgs: 0,
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all stopped Compose projects' },
    { name: 'filter', type: 'list', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: 'Format the output. Values: [table | json]', default: 'table' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display project names' },
  ],
  async run(ctx) {
    const format = ctx.flags.string('format');
    if (format !== 'table' && format !== 'json') throw new ComposeError(`unsupported format ${format}`);
    const names: string[] = [];
    for (const f of ctx.flags.list('filter')) {
      const [key, value = ''] = f.split('=');
      if (key !== 'name') throw new ComposeError(`invalid filter '${key}'`);
      names.push(value);
    }
    const containers = await listContainers(ctx.client, { all: true, filters: { label: [LABELS.project] } });
    const byProject = new Map<string, { states: Map<string, number>; files: string }>();
    for (const c of containers) {
      const name = c.Labels[LABELS.project] ?? '';
      const p = byProject.get(name) ?? { states: new Map(), files: c.Labels[LABELS.configFiles] ?? '' };
      p.states.set(c.State, (p.states.get(c.State) ?? 0) + 1);
      byProject.set(name, p);
    }
    const stacks: Stack[] = [...byProject]
      .filter(([name, p]) => (ctx.flags.bool('all') || p.states.has('running')) && (names.length === 0 || names.some((n) => name.includes(n))))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([Name, p]) => ({ Name, Status: [...p.states].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}(${n})`).join(', '), ConfigFiles: p.files }));
    if (ctx.flags.bool('quiet')) ctx.stdout.write(stacks.map((s) => `${s.Name}\n`).join(''));
    else if (format === 'json') ctx.stdout.write(`${JSON.stringify(stacks)}\n`);
    else ctx.stdout.write(tabwrite(['NAME\tSTATUS\tCONFIG FILES', ...stacks.map((s) => `${s.Name}\t${s.Status}\t${s.ConfigFiles}`)].join('\n') + '\n'));
  },
};
