import { listContainers } from '../../client/containers.js';
import { Template } from '../format/exec.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { CONTAINER_HEADERS, CONTAINER_TABLE_FORMAT, ContainerContext, EMPTY_SUMMARY } from '../lib/container-context.js';
import { StatusError } from '../lib/errors.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';

/** Notes whether a template reads .Size, which costs the daemon a disk walk per container. */
class SizeProbe extends ContainerContext {
  sizeUsed = false;
  override Size(): string {
    this.sizeUsed = true;
    return super.Size();
  }
}

/** docker checks a custom format against an empty row first, and asks for sizes only when it reads them. */
function checkFormat(source: string): { sizeUsed: boolean } {
  let tmpl: Template;
  try {
    tmpl = Template.parse(source);
  } catch (err) {
    throw new StatusError(1, `failed to parse template: ${(err as Error).message}`);
  }
  const probe = new SizeProbe(EMPTY_SUMMARY, true);
  const r = tmpl.executePartial(probe);
  if (r.error) throw new StatusError(1, `failed to execute template: ${r.error.message}`);
  return { sizeUsed: probe.sizeUsed };
}

export const command: Command = {
  name: 'ps',
  usage: '[OPTIONS]',
  description: 'List containers',
  maxArgs: 0,
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all containers (default shows just running)' },
    { name: 'filter', short: 'f', type: 'list', description: 'Filter output based on conditions provided' },
    FORMAT_FLAG,
    { name: 'last', short: 'n', type: 'int', default: -1, description: 'Show n last created containers (includes all states)' },
    { name: 'latest', short: 'l', type: 'bool', description: 'Show the latest created container (includes all states)' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display container IDs' },
    { name: 'size', short: 's', type: 'bool', description: 'Display total file sizes' },
  ],
  async run(ctx, flags) {
    const source = flags.string('format');
    let format = listFormat(source, { quiet: flags.bool('quiet'), table: CONTAINER_TABLE_FORMAT });
    const sizeUsed = source !== '' && checkFormat(source).sizeUsed;
    const size = flags.bool('size') || (sizeUsed && !flags.bool('quiet') && !flags.changed('size'));
    if (flags.bool('size') && (source === '' || source === 'table') && !flags.bool('quiet')) format += '\t{{.Size}}';
    const containers = await listContainers(ctx.client, {
      all: flags.bool('all'),
      limit: flags.bool('latest') ? 1 : flags.int('last'),
      size,
      filters: parseFilterFlags(flags.list('filter')),
    });
    const trunc = !flags.bool('no-trunc');
    ctx.stdout.write(renderRows(format, containers.map((c) => new ContainerContext(c, trunc)), CONTAINER_HEADERS));
  },
};
