/**
 * `up` without -d: after the containers are up, their logs as one prefixed
 * stream until every one has exited; Ctrl+C stops the project gracefully (a
 * second one kills it); --abort-on-container-exit stops it at the first exit.
 */
import { inspectContainer } from '../../client/containers.js';
import type { ComposeContext } from '../command.js';
import type { ComposeIo } from './io.js';
import { LogPrinter, shortName } from './log-printer.js';
import type { ObservedContainer } from './observed.js';
import { stopServices, eachContainer } from './services.js';

export interface FollowOptions {
  containers: readonly ObservedContainer[];
  /** ms since the epoch: output older than this `up` is not shown again. */
  since: number;
  abort?: 'exit' | 'failure';
  exitCodeFrom?: string;
  timeout?: number;
  colour: boolean;
  prefix: boolean;
  timestamps: boolean;
}

export async function followProject(ctx: ComposeContext, io: ComposeIo, o: FollowOptions): Promise<number> {
  const printer = new LogPrinter(ctx.stdout, { colour: o.colour, prefix: o.prefix });
  const names = o.containers.map((c) => shortName(io.project.name, c));
  printer.reserve(names);
  ctx.stdout.write(`Attaching to ${names.join(', ')}\n`);
  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  const stopAll = (): Promise<void> => (stopping ??= stopServices({ ...io, progress: io.progress }, [], o.timeout).catch((err: Error) => io.warn(err.message)));
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      ctx.stderr.write('Gracefully stopping... (press Ctrl+C again to force)\n');
      void stopAll();
    } else {
      void eachContainer(io, [], 'kill', (c) => c.state === 'running').catch(() => undefined);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    await Promise.all(
      o.containers.map(async (c, i) => {
        const name = names[i]!;
        await printer.stream(io.client, c, name, { follow: true, timestamps: o.timestamps, since: String(Math.floor(o.since / 1000) - 1) });
        const { State } = await inspectContainer(io.client, c.id);
        if (State.Running) return;
        printer.notice(name, c.service, `exited with code ${State.ExitCode}`);
        if (o.exitCodeFrom ? c.service === o.exitCodeFrom : stopping === undefined) exitCode = State.ExitCode;
        if (o.abort && stopping === undefined && (o.abort === 'exit' || State.ExitCode !== 0)) {
          ctx.stderr.write(`Aborting on container exit...\n`);
          await stopAll();
        }
      }),
    );
    await stopping;
  } finally {
    process.off('SIGINT', onSigint);
    io.progress.done();
  }
  return o.abort || o.exitCodeFrom ? exitCode : interrupts > 0 ? 130 : 0;
}
