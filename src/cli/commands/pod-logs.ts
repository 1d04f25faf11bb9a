import { once } from 'node:events';
import { POD_ID_LABEL, POD_INFRA_LABEL } from '../../apitypes/pods.js';
import { containerLogs, inspectContainer, listContainers } from '../../client/containers.js';
import { inspectPod } from '../../client/pods.js';
import { demuxStream } from '../../client/stdcopy.js';
import type { Command } from '../lib/command.js';
import { LinePrefixer } from '../lib/line-prefixer.js';
import { getTimestamp } from '../lib/timefmt.js';

export const command: Command = {
  name: 'logs',
  usage: '[OPTIONS] POD',
  description: "Fetch the logs of a pod's containers, each line prefixed with its container's name",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' },
    { name: 'since', type: 'string', description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', default: 'all', description: 'Number of lines to show from the end of the logs' },
    { name: 'timestamps', short: 't', type: 'bool', description: 'Show timestamps' },
  ],
  async run(ctx, flags, [ref = '']) {
    const pod = await inspectPod(ctx.client, ref);
    // The infra container (catatonit) writes nothing: its members are what a user reads.
    const members = (await listContainers(ctx.client, { all: true, filters: { label: [`${POD_ID_LABEL}=${pod.Id}`] } })).filter((c) => c.Labels?.[POD_INFRA_LABEL] !== 'true');
    const width = Math.max(0, ...members.map((c) => (c.Names[0] ?? '').length - 1));
    const since = flags.string('since');
    await Promise.all(
      members.map(async (c) => {
        const name = (c.Names[0] ?? '').replace(/^\//, '');
        const prefix = `${name.padEnd(width)} | `;
        const out = new LinePrefixer(prefix, ctx.stdout);
        const err = new LinePrefixer(prefix, ctx.stderr);
        const tty = (await inspectContainer(ctx.client, c.Id)).Config?.Tty ?? false;
        const res = await containerLogs(ctx.client, c.Id, {
          stdout: true,
          stderr: true,
          follow: flags.bool('follow'),
          since: since ? getTimestamp(since) : undefined,
          timestamps: flags.bool('timestamps'),
          tail: flags.string('tail'),
        });
        // A TTY container's log is raw, not multiplexed.
        if (tty) {
          for await (const chunk of res) out.write(chunk as Buffer);
        } else await demuxStream(res, { stdout: out, stderr: err });
        out.end();
        err.end();
        await Promise.all([once(out, 'finish'), once(err, 'finish')]);
      }),
    );
  },
};
