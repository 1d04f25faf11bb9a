/** `compose logs`: every container's output as one stream, one coloured prefix per container. */
import type { ComposeCommand } from '../command.js';
import { LogPrinter, shortName } from '../project/log-printer.js';
import { projectContainers } from '../project/observed.js';
import { logColours, projectOrName } from '../project/session.js';
import { selectServices } from '../project/io.js';
import { getTimestamp } from '../../cli/lib/timefmt.js';

export const command: ComposeCommand = {
  name: 'logs',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'View output from containers',
  flags: [
    { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' },
    { name: 'index', type: 'int', description: 'index of the container if service has multiple replicas' },
    { name: 'no-color', type: 'bool', description: 'Produce monochrome output' },
    { name: 'no-log-prefix', type: 'bool', description: "Don't print prefix in logs" },
    { name: 'since', type: 'string', description: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', description: 'Number of lines to show from the end of the logs for each container', default: 'all' },
    { name: 'timestamps', short: 't', type: 'bool', description: 'Show timestamps' },
    { name: 'until', type: 'string', description: 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
  ],
  async run(ctx) {
    const { flags } = ctx;
    const project = await projectOrName(ctx, ctx.args);
    if (ctx.args.length > 0) selectServices(project, ctx.args);
    let containers = await projectContainers(ctx.client, project.name, { services: ctx.args });
    if (flags.changed('index')) containers = containers.filter((c) => c.number === flags.int('index'));
    const printer = new LogPrinter(ctx.stdout, { colour: logColours(ctx), prefix: !flags.bool('no-log-prefix') });
    const names = containers.map((c) => shortName(project.name, c));
    printer.reserve(names);
    const since = flags.string('since');
    const until = flags.string('until');
    await Promise.all(
      containers.map((c, i) =>
        printer.stream(ctx.client, c, names[i]!, {
          follow: flags.bool('follow'),
          tail: flags.string('tail'),
          timestamps: flags.bool('timestamps'),
          since: since ? getTimestamp(since) : undefined,
          until: until ? getTimestamp(until) : undefined,
        }),
      ),
    );
  },
};
