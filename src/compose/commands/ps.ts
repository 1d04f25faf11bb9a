/** `compose ps`: the project's containers (running ones unless -a), as a table, JSON, a template or ids. */
import { renderRows } from '../../cli/format/formatter.js';
import { listFormat } from '../../cli/lib/list-format.js';
import { ComposeError, type ComposeCommand } from '../command.js';
import { projectContainers } from '../project/observed.js';
import { ComposeContainerRow, PS_HEADERS, PS_TABLE_FORMAT } from '../project/ps-row.js';
import { projectOrName } from '../project/session.js';
import { selectServices } from '../project/io.js';

const STATES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

export const command: ComposeCommand = {
  name: 'ps',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'List containers',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all stopped containers (including those created by the run command)' },
    { name: 'filter', type: 'list', description: 'Filter services by a property (supported filters: status)' },
    { name: 'format', type: 'string', description: 'Format output using a custom template: "table", "table TEMPLATE", "json" or a Go TEMPLATE', default: 'table' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'orphans', type: 'bool', description: 'Include orphaned services (not declared by project)', default: true },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display IDs' },
    { name: 'services', type: 'bool', description: 'Display services' },
    { name: 'status', type: 'list', description: 'Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]' },
  ],
  async run(ctx) {
    const { flags } = ctx;
    const statuses = [...flags.list('status')];
    for (const f of flags.list('filter')) {
      const [key, value = ''] = f.split('=');
      if (key !== 'status') throw new ComposeError(`no filter for ${key}`);
      statuses.push(value);
    }
    for (const s of statuses) if (!STATES.includes(s)) throw new ComposeError(`invalid filter: status=${s}`);
    const project = await projectOrName(ctx, ctx.args);
    if (ctx.args.length > 0) selectServices(project, ctx.args);
    const all = flags.bool('all') || statuses.length > 0;
    let containers = await projectContainers(ctx.client, project.name, { all, oneoff: all ? undefined : false, services: ctx.args });
    if (statuses.length > 0) containers = containers.filter((c) => statuses.includes(c.state));
    if (!flags.bool('orphans')) containers = containers.filter((c) => project.services[c.service] || project.disabledServices[c.service]);
    if (flags.bool('services')) {
      const names = [...new Set(containers.map((c) => c.service))];
      ctx.stdout.write(names.map((n) => `${n}\n`).join(''));
      return;
    }
    const format = listFormat(flags.string('format'), { quiet: flags.bool('quiet'), table: PS_TABLE_FORMAT });
    // v2 prints whole ids with -q.
    const trunc = !flags.bool('no-trunc') && !flags.bool('quiet');
    ctx.stdout.write(renderRows(format, containers.map((c) => new ComposeContainerRow(c.summary, trunc)), PS_HEADERS));
  },
};
