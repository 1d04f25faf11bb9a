import { listNetworks } from '../../client/networks.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { NETWORK_HEADERS, NETWORK_TABLE_FORMAT, NetworkContext } from '../lib/network-context.js';

export const command: Command = {
  name: 'ls',
  usage: '[OPTIONS]',
  description: 'List networks',
  maxArgs: 0,
  flags: [
    { name: 'filter', short: 'f', type: 'list', description: 'Provide filter values (e.g. "driver=bridge")' },
    FORMAT_FLAG,
    { name: 'no-trunc', type: 'bool', description: 'Do not truncate the output' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display network IDs' },
  ],
  async run(ctx, flags) {
    const format = listFormat(flags.string('format'), { quiet: flags.bool('quiet'), table: NETWORK_TABLE_FORMAT });
    const networks = await listNetworks(ctx.client, parseFilterFlags(flags.list('filter')));
    networks.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const trunc = !flags.bool('no-trunc');
    ctx.stdout.write(renderRows(format, networks.map((n) => new NetworkContext(n, trunc)), NETWORK_HEADERS));
  },
};
