/** `GET /containers/{id}/logs`: the conmon log, optionally followed until the container stops. */
import { invalidArgument, notImplemented } from '../../errdefs/index.js';
import { readLogs } from '../../runtime/index.js';
import type { EngineContext } from '../context.js';
import type { LogsOptions, OutputChunk } from '../types.js';
import type { Container } from './container.js';
import { logsReadable } from './log-config.js';

export const READ_NOT_SUPPORTED = 'configured logging driver does not support reading';

export function containerLogs(_ctx: EngineContext, c: Container, opts: LogsOptions): { tty: boolean; output: AsyncIterable<OutputChunk> } {
  if (!opts.stdout && !opts.stderr) throw invalidArgument('Bad parameters: you must choose at least one stream');
  if (!logsReadable(c.record.HostConfig.LogConfig)) throw notImplemented(READ_NOT_SUPPORTED);
  const tty = c.record.Config.Tty ?? false;
  const follow = opts.follow && c.running;
  const stopped = follow ? c.wait('not-running') : undefined;
  const abort = new AbortController();
  const entries = readLogs(c.record.LogPath, {
    follow,
    stopped,
    since: opts.since,
    until: opts.until,
    tail: opts.tail,
    stdout: opts.stdout,
    stderr: opts.stderr,
    signal: abort.signal,
  });
  async function* output(): AsyncGenerator<OutputChunk> {
    try {
      for await (const e of entries) {
        const data = opts.timestamps ? Buffer.concat([Buffer.from(e.timestamp + ' '), e.data]) : e.data;
        yield { stream: tty ? 'stdout' : e.stream, data };
      }
    } finally {
      abort.abort();
    }
  }
  return { tty, output: output() };
}
