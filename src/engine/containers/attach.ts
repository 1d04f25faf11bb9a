/**
 * `POST /containers/{id}/attach`: optional log replay, then the live stdio of
 * the container's process through conmon. A client may attach before the
 * container starts (`docker run` does): it waits as a listener that start
 * connects between runtime create and start, so no output is missed. Stdin is
 * scanned for the detach keys; detaching closes only this session.
 */
import { Writable } from 'node:stream';
import { conflict, notImplemented } from '../../errdefs/index.js';
import { readLogs } from '../../runtime/index.js';
import type { StdioSession } from '../../runtime/index.js';
import { logger } from '../../util/logger.js';
import { AsyncQueue } from '../../util/async-queue.js';
import type { EngineContext } from '../context.js';
import type { AttachOptions, IOSession, OutputChunk } from '../types.js';
import type { Container } from './container.js';
import type { StdioListener } from './run.js';
import { DEFAULT_DETACH_KEYS, DetachScanner, parseDetachKeys } from './detach-keys.js';
import { logsReadable } from './log-config.js';
import { READ_NOT_SUPPORTED } from './logs.js';

const log = logger('engine');

/**
 * Long on purpose: the listener a run connects, the stdin writer and `close` share one
 * session's state (the runtime session, stdin that came before the process, detach),
 * and one closure keeps that state in one place instead of threading it through parts.
 */
export async function attachContainer(ctx: EngineContext, c: Container, opts: AttachOptions): Promise<IOSession> {
  const s = c.record.State;
  if (s.Paused) throw conflict(`container ${c.id} is paused, unpause the container before attach`);
  if (s.Restarting) throw conflict(`container ${c.id} is restarting, wait until the container is running`);
  const scanner = new DetachScanner(parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS));
  const tty = c.record.Config.Tty ?? false;
  const withStdin = opts.stdin && (c.record.Config.OpenStdin ?? false);
  const output = new AsyncQueue<OutputChunk>();

  if (opts.logs && !logsReadable(c.record.HostConfig.LogConfig)) throw notImplemented(READ_NOT_SUPPORTED);
  if (opts.logs) {
    for await (const entry of readLogs(c.record.LogPath, { stdout: opts.stdout, stderr: opts.stderr })) {
      output.push({ stream: tty ? 'stdout' : entry.stream, data: entry.data });
    }
  }
  if (!opts.stream) {
    output.end();
    return { tty, output, detached: new Promise<void>(() => undefined), close: () => output.end() };
  }

  let session: StdioSession | undefined;
  let closed = false;
  /** Stdin that arrived before the process existed, and whether the client already closed it. */
  const pendingStdin: Buffer[] = [];
  let stdinEnded = false;
  let detach!: () => void;
  const detached = new Promise<void>((resolve) => (detach = resolve));
  let drainedResolve!: () => void;
  const drained = new Promise<void>((resolve) => (drainedResolve = resolve));

  const close = (): void => {
    if (closed) return;
    closed = true;
    c.removeListener(listener);
    session?.close();
    output.end();
    drainedResolve();
  };
  output.onClose = close;

  const endStdin = (): void => {
    // Only a StdinOnce container loses its stdin when this client closes; conmon applies that rule.
    session?.stdin?.end();
  };

  const listener: StdioListener = {
    drained,
    connect: async () => {
      if (closed || session) return;
      try {
        session = await ctx.deps.runtime.attach(c.id, { stdin: withStdin, stdout: opts.stdout, stderr: opts.stderr });
      } catch (err) {
        // The process is already gone: this client simply sees the end of the stream.
        log.debug('attach failed', { id: c.id, error: String(err) });
        close();
        return;
      }
      if (closed) {
        session.close();
        return;
      }
      for (const chunk of pendingStdin.splice(0)) session.stdin?.write(chunk);
      if (stdinEnded) endStdin();
      const live = session;
      void (async () => {
        try {
          for await (const chunk of live.output) output.push({ stream: tty ? 'stdout' : chunk.stream, data: chunk.data });
        } catch (err) {
          log.debug('attach stream ended with an error', { id: c.id, error: String(err) });
        }
        drainedResolve();
        close();
      })();
    },
    finish: () => close(),
  };

  const stdin = withStdin
    ? new Writable({
        write(chunk: Buffer, _encoding, callback) {
          if (closed) return callback();
          const { data, detached: typed } = scanner.feed(chunk);
          if (data.length > 0) {
            if (session?.stdin) session.stdin.write(data);
            else pendingStdin.push(data);
          }
          if (typed) {
            detach();
            close();
          }
          callback();
        },
        final(callback) {
          stdinEnded = true;
          if (!closed) endStdin();
          callback();
        },
      })
    : undefined;

  await c.lock.run(async () => {
    c.addListener(listener);
    if (c.running) await listener.connect();
  });
  ctx.emit(c, 'attach');
  return { tty, output, ...(stdin ? { stdin } : {}), detached, close };
}
