/**
 * ExecService: `docker exec`. Sessions live in memory and are tied to the
 * container's current run (its exit drops them, as in Docker).
 */
import { Writable } from 'node:stream';
import type { ExecCreateRequest, ExecInspect } from '../../apitypes/containers.js';
import { conflict, invalidArgument, notFound } from '../../errdefs/index.js';
import { isStartFailure, type StartFailure, type ExecSession, type StdioSession } from '../../runtime/index.js';
import { newId } from '../../util/ids.js';
import { logger } from '../../util/logger.js';
import { AsyncQueue } from '../../util/async-queue.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { notRunning } from '../containers/control.js';
import { DEFAULT_DETACH_KEYS, DetachScanner, parseDetachKeys } from '../containers/detach-keys.js';
import type { ExecService, ExecStartOptions, IOSession, OutputChunk } from '../types.js';
import { execProcess } from './process.js';
import type { ExecRecord } from './record.js';

const log = logger('engine');
const EXEC_START_FAILED = 126;

function checkExecutable(c: Container): void {
  const s = c.record.State;
  if (!s.Running) throw notRunning(c);
  if (s.Paused) throw conflict(`Container ${c.id} is paused, unpause the container before exec`);
  if (s.Restarting) throw conflict(`Container ${c.id} is restarting, wait until the container is running`);
}

/** Docker's text for an exec that could not start (containerd's status suffix after the runtime's message), which the CLI shows and maps to 126/127. */
function startErrorText(err: StartFailure): string {
  return `${err.message}: unknown`;
}

export class ExecServiceImpl implements ExecService {
  constructor(private readonly ctx: EngineContext) {}

  private get(execId: string): ExecRecord {
    const e = this.ctx.execs.get(execId);
    if (!e) throw notFound(`No such exec instance: ${execId}`);
    return e;
  }

  private emit(c: Container, action: string, e: ExecRecord, extra: Record<string, string> = {}): void {
    this.ctx.emit(c, action, { execID: e.id, ...extra });
  }

  async create(containerRef: string, body: ExecCreateRequest): Promise<{ Id: string }> {
    const c = this.ctx.store.get(containerRef);
    checkExecutable(c);
    if (!body.Cmd || body.Cmd.length === 0) throw invalidArgument('No exec command specified');
    if (body.DetachKeys) parseDetachKeys(body.DetachKeys);
    for (const env of body.Env ?? []) if (env.split('=')[0] === '') throw invalidArgument(`invalid environment variable: ${env}`);
    const e: ExecRecord = {
      id: newId(),
      containerId: c.id,
      cmd: body.Cmd,
      env: body.Env ?? [],
      user: body.User ?? '',
      workingDir: body.WorkingDir ?? '',
      tty: body.Tty ?? false,
      privileged: body.Privileged ?? false,
      attachStdin: body.AttachStdin ?? false,
      attachStdout: body.AttachStdout ?? false,
      attachStderr: body.AttachStderr ?? false,
      detachKeys: body.DetachKeys ?? '',
      consoleSize: body.ConsoleSize ?? null,
      started: false,
      running: false,
      exitCode: null,
      pid: 0,
    };
    this.ctx.execs.set(e.id, e);
    this.emit(c, `exec_create: ${e.cmd.join(' ')}`, e);
    return { Id: e.id };
  }

  async start(execId: string, opts: ExecStartOptions, beforeLaunch?: (tty: boolean) => void): Promise<IOSession | undefined> {
    const e = this.get(execId);
    if (e.running) throw conflict(`Error: Exec command ${execId} is already running`);
    if (e.started) throw conflict(`Error: Exec command ${execId} has already run`);
    const c = this.ctx.store.get(e.containerId);
    checkExecutable(c);
    e.started = true;
    const tty = e.tty || opts.tty;
    const [h, w] = opts.consoleSize ?? e.consoleSize ?? [0, 0];
    if (!opts.detach) beforeLaunch?.(tty);
    let session: ExecSession;
    try {
      session = await this.ctx.deps.runtime.exec(c.id, e.id, await execProcess(this.ctx, c, { ...e, tty }), {
        tty,
        stdin: e.attachStdin,
        detach: opts.detach,
        ...(tty && h > 0 && w > 0 ? { consoleSize: { height: h, width: w } } : {}),
      });
    } catch (err) {
      // Docker records 126 (cannot invoke) for an exec that failed before its process ran.
      e.exitCode = isStartFailure(err) ? err.exitCode : EXEC_START_FAILED;
      if (opts.detach) throw isStartFailure(err) ? Object.assign(err, { message: startErrorText(err) }) : err;
      // The attached client already has its response head: Docker writes the error into the stream.
      const text = isStartFailure(err) ? startErrorText(err) : err instanceof Error ? err.message : String(err);
      const output = new AsyncQueue<OutputChunk>();
      output.push({ stream: 'stdout', data: Buffer.from(text + '\r\n') });
      output.end();
      return { tty, output, detached: new Promise<void>(() => undefined), close: () => output.end() };
    }
    e.running = true;
    e.pid = session.pid;
    e.session = session;
    this.emit(c, `exec_start: ${e.cmd.join(' ')}`, e);
    const exited = session.exited.then((status) => {
      e.running = false;
      e.exitCode = status.exitCode;
      e.session = undefined;
      this.emit(c, 'exec_die', e, { exitCode: String(status.exitCode) });
    });
    exited.catch((err: unknown) => log.warn('exec exit handling failed', { id: e.id, error: String(err) }));
    return session.stdio ? this.ioSession(e, session.stdio, tty, exited) : undefined;
  }

  private ioSession(e: ExecRecord, stdio: StdioSession, tty: boolean, exited: Promise<void>): IOSession {
    const output = new AsyncQueue<OutputChunk>();
    const scanner = new DetachScanner(parseDetachKeys(e.detachKeys || DEFAULT_DETACH_KEYS));
    let detach!: () => void;
    const detached = new Promise<void>((resolve) => (detach = resolve));
    const close = (): void => {
      stdio.close();
      output.end();
    };
    output.onClose = close;
    void (async () => {
      try {
        for await (const chunk of stdio.output) {
          if (chunk.stream === 'stdout' ? e.attachStdout || tty : e.attachStderr) output.push({ stream: tty ? 'stdout' : chunk.stream, data: chunk.data });
        }
      } catch (err) {
        log.debug('exec stream ended with an error', { id: e.id, error: String(err) });
      }
      // The exit code must be known by the time the client sees the stream end and inspects.
      await exited.catch(() => undefined);
      output.end();
    })();
    const stdin =
      e.attachStdin && stdio.stdin
        ? new Writable({
            write(chunk: Buffer, _encoding, callback) {
              const { data, detached: typed } = scanner.feed(chunk);
              if (data.length > 0) stdio.stdin?.write(data);
              if (typed) {
                detach();
                close();
              }
              callback();
            },
            final(callback) {
              stdio.stdin?.end();
              callback();
            },
          })
        : undefined;
    return { tty, output, ...(stdin ? { stdin } : {}), detached, close };
  }

  async resize(execId: string, height: number, width: number): Promise<void> {
    const e = this.get(execId);
    if (!e.session) throw conflict(`Exec ${execId} is not running`);
    await e.session.resize({ height, width });
  }

  async inspect(execId: string): Promise<ExecInspect> {
    const e = this.get(execId);
    return {
      CanRemove: false,
      DetachKeys: e.detachKeys,
      ID: e.id,
      Running: e.running,
      ExitCode: e.exitCode,
      ProcessConfig: { privileged: e.privileged, user: e.user, tty: e.tty, entrypoint: e.cmd[0] ?? '', arguments: e.cmd.slice(1) },
      OpenStdin: e.attachStdin,
      OpenStderr: e.attachStderr,
      OpenStdout: e.attachStdout,
      ContainerID: e.containerId,
      Pid: e.pid,
    };
  }
}
