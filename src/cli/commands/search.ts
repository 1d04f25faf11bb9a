import { searchImages } from '../../client/distribution.js';
import { splitSearchTerm } from '../../distribution/client/cli-entry.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { authForDomain } from '../lib/registry-auth.js';
import { ellipsis } from '../lib/text.js';

const TABLE = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';
const HEADER = { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' };

export const command: Command = {
  name: 'search',
  usage: '[OPTIONS] TERM',
  description: 'Search Docker Hub for images',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    FORMAT_FLAG,
    { name: 'limit', type: 'int', description: 'Max number of search results', default: 0 },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
  ],
  async run(ctx, flags, [term = '']) {
    const limit = flags.int('limit');
    const results = await searchImages(ctx.client, term, { limit: limit > 0 ? limit : undefined, auth: await authForDomain(ctx.env, splitSearchTerm(term).domain) });
    const noTrunc = flags.bool('no-trunc');
    const rows = results.map((r) => ({
      Name: r.name,
      Description: noTrunc ? r.description : ellipsis(r.description.replace(/\n/g, ' '), 45),
      StarCount: String(r.star_count),
      IsOfficial: r.is_official ? '[OK]' : '',
      IsAutomated: r.is_automated ? '[OK]' : '',
    }));
    ctx.stdout.write(renderRows(listFormat(flags.string('format'), { quiet: false, table: TABLE }), rows, HEADER));
  },
};
