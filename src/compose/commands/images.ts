/** `compose images`: the images the project's containers were made from. */
import { listImages } from '../../client/images.js';
import { tabwrite } from '../../cli/format/tabwriter.js';
import { humanSize } from '../../util/units.js';
import { ComposeError, type ComposeCommand } from '../command.js';
import { projectContainers } from '../project/observed.js';
import { projectOrName } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'images',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'List images used by the created containers',
  flags: [
    { name: 'format', type: 'string', description: 'Format the output. Values: [table | json]', default: 'table' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display IDs' },
  ],
  async run(ctx) {
    const format = ctx.flags.string('format');
    if (format !== 'table' && format !== 'json') throw new ComposeError(`unsupported format ${format}`);
    const project = await projectOrName(ctx, ctx.args);
    const containers = await projectContainers(ctx.client, project.name, { services: ctx.args });
    const images = new Map((await listImages(ctx.client)).map((i) => [i.Id, i]));
    const rows = containers.map((c) => {
      const image = images.get(c.imageId);
      const tagged = image?.RepoTags?.find((t) => t === c.summary.Image || t === `${c.summary.Image}:latest`) ?? image?.RepoTags?.[0] ?? '<none>:<none>';
      const at = tagged.lastIndexOf(':');
      return { ContainerName: c.name, Repository: tagged.slice(0, at), Tag: tagged.slice(at + 1), ID: c.imageId, Size: image?.Size ?? 0 };
    });
    if (ctx.flags.bool('quiet')) {
      ctx.stdout.write([...new Set(rows.map((r) => r.ID))].map((id) => `${id}\n`).join(''));
    } else if (format === 'json') {
      ctx.stdout.write(`${JSON.stringify(rows)}\n`);
    } else {
      const lines = rows.map((r) => [r.ContainerName, r.Repository, r.Tag, r.ID.replace(/^sha256:/, '').slice(0, 12), humanSize(r.Size)].join('\t'));
      ctx.stdout.write(tabwrite(['CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE', ...lines].join('\n') + '\n'));
    }
  },
};
