import { listPods } from '../../client/pods.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { POD_HEADERS, POD_TABLE_FORMAT, PodContext } from '../lib/pod-context.js';

export const command: Command = {
  name: 'ps',
  usage: '[OPTIONS]',
  description: 'List pods',
  maxArgs: 0,
  flags: [
    { name: 'filter', short: 'f', type: 'list', description: "Filter output based on conditions given (id, name, label, status)" },
    FORMAT_FLAG,
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display pod IDs' },
  ],
  async run(ctx, flags) {
    const format = listFormat(flags.string('format'), { quiet: flags.bool('quiet'), table: POD_TABLE_FORMAT });
    const pods = await listPods(ctx.client, parseFilterFlags(flags.list('filter')));
    ctx.stdout.write(renderRows(format, pods.map((p) => new PodContext(p, !flags.bool('no-trunc'))), POD_HEADERS));
  },
};
