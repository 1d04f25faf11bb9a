import { containerLogs, inspectContainer } from '../../client/containers.js';
import { demuxStream } from '../../client/stdcopy.js';
import type { Command } from '../lib/command.js';
import { getTimestamp } from '../lib/timefmt.js';

export const command: Command = {
  name: 'logs',
  usage: '[OPTIONS] CONTAINER',
  description: 'Fetch the logs of a container',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'details', type: 'bool', description: 'Show extra details provided to logs' },
    { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' },
    { name: 'since', type: 'string', description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', default: 'all', description: 'Number of lines to show from the end of the logs' },
    { name: 'timestamps', short: 't', type: 'bool', description: 'Show timestamps' },
    { name: 'until', type: 'string', description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
  ],
  async run(ctx, flags, [container = '']) {
    const info = await inspectContainer(ctx.client, container);
    const since = flags.string('since');
    const until = flags.string('until');
    const res = await containerLogs(ctx.client, container, {
      stdout: true,
      stderr: true,
      follow: flags.bool('follow'),
      since: since ? getTimestamp(since) : undefined,
      until: until ? getTimestamp(until) : undefined,
      timestamps: flags.bool('timestamps'),
      tail: flags.string('tail'),
      details: flags.bool('details'),
    });
    if (info.Config?.Tty) {
      for await (const chunk of res) ctx.stdout.write(chunk as Buffer);
    } else {
      await demuxStream(res, { stdout: ctx.stdout, stderr: ctx.stderr });
    }
  },
};
