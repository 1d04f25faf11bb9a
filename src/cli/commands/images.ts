import { listImages } from '../../client/images.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { IMAGE_HEADERS, IMAGE_TABLE_FORMAT, IMAGE_TABLE_FORMAT_WITH_DIGEST, imageRows } from '../lib/image-context.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';

export const command: Command = {
  name: 'images',
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  maxArgs: 1,
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all images (default hides intermediate images)' },
    { name: 'digests', type: 'bool', description: 'Show digests' },
    { name: 'filter', short: 'f', type: 'list', description: 'Filter output based on conditions provided' },
    FORMAT_FLAG,
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  async run(ctx, flags, args) {
    const digests = flags.bool('digests');
    const source = flags.string('format');
    let format = listFormat(source, { quiet: flags.bool('quiet'), table: digests ? IMAGE_TABLE_FORMAT_WITH_DIGEST : IMAGE_TABLE_FORMAT });
    if (digests && source.startsWith('table ') && !format.includes('{{.Digest}}')) format += '\t{{.Digest}}';
    const filters = parseFilterFlags(flags.list('filter'));
    if (args[0]) (filters.reference ??= []).push(args[0]);
    const images = await listImages(ctx.client, { all: flags.bool('all'), filters });
    images.sort((a, b) => b.Created - a.Created);
    const o = { trunc: !flags.bool('no-trunc'), digests, needDigest: digests || format.includes('{{.Digest}}') };
    ctx.stdout.write(renderRows(format, images.flatMap((img) => imageRows(img, o)), IMAGE_HEADERS));
  },
};
