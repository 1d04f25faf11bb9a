import type { EventMessage } from '../../apitypes/system.js';
import { jsonLines } from '../../client/json-stream.js';
import { systemEvents } from '../../client/system.js';
import { compile, JSON_FORMAT, renderOne } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { getTimestamp, rfc3339NanoFixed } from '../lib/timefmt.js';

/** docker's default event line: time, type, action, actor id, sorted attributes. */
export function prettyEvent(e: EventMessage): string {
  let out = '';
  if (e.timeNano) out += `${rfc3339NanoFixed(BigInt(e.timeNano))} `;
  else if (e.time) out += `${rfc3339NanoFixed(BigInt(e.time) * 1_000_000_000n)} `;
  out += `${e.Type} ${e.Action} ${e.Actor?.ID ?? ''}`;
  const attrs = Object.entries(e.Actor?.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (attrs.length > 0) out += ` (${attrs.map(([k, v]) => `${k}=${v}`).join(', ')})`;
  return `${out}\n`;
}

export const command: Command = {
  name: 'events',
  usage: '[OPTIONS]',
  description: 'Get real time events from the server',
  maxArgs: 0,
  flags: [
    { name: 'filter', short: 'f', type: 'list', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: "Format output using a custom template: 'json' or a Go TEMPLATE" },
    { name: 'since', type: 'string', description: 'Show all events created since timestamp' },
    { name: 'until', type: 'string', description: 'Stream events until this timestamp' },
  ],
  async run(ctx, flags) {
    const format = flags.string('format');
    const tmpl = format === '' ? undefined : compile(format === 'json' ? JSON_FORMAT : format);
    const since = flags.string('since');
    const until = flags.string('until');
    const res = await systemEvents(ctx.client, {
      since: since ? getTimestamp(since) : undefined,
      until: until ? getTimestamp(until) : undefined,
      filters: parseFilterFlags(flags.list('filter')),
    });
    for await (const e of jsonLines<EventMessage>(res)) {
      ctx.stdout.write(tmpl ? renderOne(tmpl, e) : prettyEvent(e));
    }
  },
};
