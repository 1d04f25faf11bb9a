import { listVolumes } from '../../client/volumes.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { VOLUME_HEADERS, VOLUME_QUIET_FORMAT, VOLUME_TABLE_FORMAT, VolumeContext } from '../lib/volume-context.js';

export const command: Command = {
  name: 'ls',
  usage: '[OPTIONS]',
  description: 'List volumes',
  maxArgs: 0,
  flags: [
    { name: 'filter', short: 'f', type: 'list', description: "Provide filter values (e.g. 'dangling=true')" },
    FORMAT_FLAG,
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display volume names' },
  ],
  async run(ctx, flags) {
    const quiet = flags.bool('quiet');
    const format = quiet ? VOLUME_QUIET_FORMAT : listFormat(flags.string('format'), { quiet: false, table: VOLUME_TABLE_FORMAT });
    const { Volumes } = await listVolumes(ctx.client, parseFilterFlags(flags.list('filter')));
    const rows = [...(Volumes ?? [])].sort((a, b) => a.Name.localeCompare(b.Name)).map((v) => new VolumeContext(v));
    ctx.stdout.write(renderRows(format, rows, VOLUME_HEADERS));
  },
};
