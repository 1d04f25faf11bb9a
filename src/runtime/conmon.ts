/**
 * Launching conmon and speaking its pipe protocol (conmon --api-version 1):
 * - sync pipe (fd 3, _OCI_SYNCPIPE): conmon writes `{"data": pid}` once the
 *   runtime created the process, or `{"data": -N, "message": "<runtime stderr>"}`;
 *   exec sessions get a second `{"data": exitCode}` when the process ends.
 * - start pipe (fd 4, _OCI_STARTPIPE): conmon blocks on a read before forking
 *   the runtime and, with --exec-attach, once more before exec'ing it.
 * - attach pipe (fd 5, _OCI_ATTACHPIPE): `{"data": 0}` when the attach socket listens.
 *
 * conmon is spawned detached and, without --sync, double-forks and setsid()s:
 * the monitor is reparented to init and outlives a daemon crash or restart.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { internal, unavailable } from '../errdefs/index.js';

export interface SyncMessage {
  data: number;
  message?: string;
}

/** Newline-delimited JSON messages from one pipe, read on demand with a deadline. */
class MessageReader {
  private buffered = '';
  private readonly queue: SyncMessage[] = [];
  private waiter?: { resolve: (m: SyncMessage) => void; reject: (e: Error) => void };
  private ended = false;

  constructor(
    stream: Readable,
    private readonly name: string,
    private readonly diagnostics: () => string,
  ) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
    stream.on('error', () => this.finish());
  }

  private push(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl).trim();
      this.buffered = this.buffered.slice(nl + 1);
      if (line === '') continue;
      try {
        this.queue.push(JSON.parse(line) as SyncMessage);
      } catch {
        this.queue.push({ data: -1, message: `malformed conmon message: ${line}` });
      }
    }
    this.deliver();
  }

  private finish(): void {
    this.ended = true;
    this.deliver();
  }

  private deliver(): void {
    if (!this.waiter) return;
    const next = this.queue.shift();
    if (next) {
      this.waiter.resolve(next);
      this.waiter = undefined;
    } else if (this.ended) {
      const detail = this.diagnostics();
      this.waiter.reject(internal(`conmon closed its ${this.name} pipe without a reply${detail ? ': ' + detail : ''}`));
      this.waiter = undefined;
    }
  }

  /** The next message; rejects after timeoutMs (0 = wait forever) or when conmon closes the pipe first. */
  next(timeoutMs: number): Promise<SyncMessage> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const clear = (): void => {
        if (timer) clearTimeout(timer);
      };
      this.waiter = {
        resolve: (m) => {
          clear();
          resolve(m);
        },
        reject: (e) => {
          clear();
          reject(e);
        },
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          this.waiter = undefined;
          reject(unavailable(`timed out after ${timeoutMs}ms waiting for conmon's ${this.name} message`));
        }, timeoutMs);
      }
      this.deliver();
    });
  }
}

export interface ConmonLaunchOptions {
  conmonPath: string;
  args: string[];
  cwd: string;
  /** Exec with --exec-attach: also open the start and attach pipes. */
  attachPipes: boolean;
}

export class ConmonLaunch {
  readonly sync: MessageReader;
  readonly attach?: MessageReader;
  private readonly start?: Writable;
  private readonly pipes: Array<Readable | Writable>;
  private stderr = '';
  private spawnError?: Error;

  constructor(opts: ConmonLaunchOptions) {
    const env: NodeJS.ProcessEnv = { ...process.env, _OCI_SYNCPIPE: '3' };
    if (opts.attachPipes) {
      env._OCI_STARTPIPE = '4';
      env._OCI_ATTACHPIPE = '5';
    }
    const child = spawn(opts.conmonPath, opts.args, {
      cwd: opts.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', ...(opts.attachPipes ? (['pipe', 'pipe'] as const) : [])],
    });
    child.unref();
    child.on('error', (err) => {
      // No conmon (bad path, exec failure): end the readers now rather than at their timeout.
      this.spawnError = err;
      this.close();
    });
    const diagnostics = (): string => (this.spawnError?.message ?? this.stderr).trim();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      if (this.stderr.length < 65536) this.stderr += s;
    });
    child.stderr?.on('error', () => undefined);
    const stdio = child.stdio as unknown as Array<Readable & Writable>;
    this.sync = new MessageReader(stdio[3] as Readable, 'sync', diagnostics);
    this.pipes = [stdio[2] as Readable, stdio[3] as Readable];
    if (opts.attachPipes) {
      this.start = stdio[4] as Writable;
      this.start.on('error', () => undefined);
      this.attach = new MessageReader(stdio[5] as Readable, 'attach', diagnostics);
      this.pipes.push(this.start, stdio[5] as Readable);
    }
  }

  /** Let conmon past one of its start-pipe reads. */
  proceed(): void {
    this.start?.write('0');
  }

  /** Drop our ends of every pipe; conmon keeps running. */
  close(): void {
    for (const p of this.pipes) p.destroy();
  }
}

/** `runc create failed: unable to start container process: exec: …` → the sentence without conmon's trailing newline. */
export function conmonFailureText(msg: SyncMessage): string {
  return (msg.message ?? '').trim() || `conmon reported failure ${msg.data}`;
}
