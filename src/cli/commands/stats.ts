import type { ContainerStats } from '../../apitypes/containers.js';
import { readAll } from '../../client/client.js';
import { containerStats, listContainers } from '../../client/containers.js';
import { jsonLines } from '../../client/json-stream.js';
import { renderRows } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { emptyEntry, entryFromStats, STATS_HEADERS, STATS_TABLE_FORMAT, StatsContext, type StatsEntry } from '../lib/stats-context.js';

const REDRAW_MS = 500;

export const command: Command = {
  name: 'stats',
  usage: '[OPTIONS] [CONTAINER...]',
  description: 'Display a live stream of container(s) resource usage statistics',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all containers (default shows just running)' },
    FORMAT_FLAG,
    { name: 'no-stream', type: 'bool', description: 'Disable streaming stats and only pull the first result' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
  ],
  async run(ctx, flags, args) {
    const names = args.length > 0 ? args : (await listContainers(ctx.client, { all: flags.bool('all') })).map((c) => c.Id);
    const entries = new Map<string, StatsEntry>(names.map((n) => [n, emptyEntry(n)]));
    const format = listFormat(flags.string('format'), { quiet: false, table: STATS_TABLE_FORMAT });
    const trunc = !flags.bool('no-trunc');
    const render = (): string => renderRows(format, [...entries.values()].map((e) => new StatsContext(e, trunc)), STATS_HEADERS);

    if (flags.bool('no-stream')) {
      await Promise.all(
        names.map(async (n) => {
          const res = await containerStats(ctx.client, n, { stream: false });
          entries.set(n, entryFromStats(n, JSON.parse((await readAll(res)).toString('utf8')) as ContainerStats));
        }),
      );
      ctx.stdout.write(render());
      return;
    }

    const streams = names.map(async (n) => {
      try {
        const res = await containerStats(ctx.client, n, { stream: true });
        for await (const s of jsonLines<ContainerStats>(res)) entries.set(n, entryFromStats(n, s));
      } catch {
        // a container that is gone keeps its row, shown as `--`
      }
      entries.set(n, { ...(entries.get(n) ?? emptyEntry(n)), invalid: true });
    });
    const draw = (): void => {
      ctx.stdout.write((ctx.stdout.isTTY ? '\x1b[2J\x1b[H' : '') + render());
    };
    const timer = setInterval(draw, REDRAW_MS);
    try {
      await Promise.all(streams);
      // Every container is gone: show the last state until interrupted, as docker does.
      await new Promise<never>(() => undefined);
    } finally {
      clearInterval(timer);
    }
  },
};
