/** `compose events`: the engine's container events for this project, as v2 prints them (or --json). */
import { systemEvents } from '../../client/system.js';
import { jsonLines } from '../../client/json-stream.js';
import type { ComposeCommand } from '../command.js';
import { LABELS } from '../types.js';
import { projectFilter } from '../project/labels.js';
import { projectOrName } from '../project/session.js';

interface EngineEvent {
  Type?: string;
  Action?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export const command: ComposeCommand = {
  name: 'events',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Receive real time events from containers',
  flags: [
    { name: 'json', type: 'bool', description: 'Output events as a stream of json objects' },
    { name: 'since', type: 'string', description: 'Show all events created since timestamp' },
    { name: 'until', type: 'string', description: 'Stream events until this timestamp' },
  ],
  async run(ctx) {
    const project = await projectOrName(ctx, ctx.args);
    const res = await systemEvents(ctx.client, { since: ctx.flags.string('since'), until: ctx.flags.string('until'), filters: projectFilter(project.name, { type: ['container'] }) });
    for await (const e of jsonLines<EngineEvent>(res)) {
      const attrs = e.Actor?.Attributes ?? {};
      const service = attrs[LABELS.service] ?? '';
      if (ctx.args.length > 0 && !ctx.args.includes(service)) continue;
      const time = new Date(Math.floor((e.timeNano ?? (e.time ?? 0) * 1e9) / 1e6)).toISOString();
      const shown = Object.fromEntries(Object.entries(attrs).filter(([k]) => !k.startsWith('com.docker.compose.')));
      if (ctx.flags.bool('json')) {
        ctx.stdout.write(`${JSON.stringify({ time, type: 'container', action: e.Action, id: e.Actor?.ID, service, attributes: shown })}\n`);
      } else {
        const list = Object.entries(shown).map(([k, v]) => `${k}=${v}`).join(', ');
        ctx.stdout.write(`${time} container ${e.Action} ${e.Actor?.ID ?? ''}${list ? ` (${list})` : ''}\n`);
      }
    }
  },
};
