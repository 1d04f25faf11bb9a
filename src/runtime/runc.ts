/**
 * The runc command line, with a timeout on every call and runc's error text
 * turned into errdefs kinds the engine understands.
 */
import { execFile } from 'node:child_process';
import { conflict, internal, isNotFound, notFound, unavailable } from '../errdefs/index.js';
import type { RuntimeState, RuntimeStatus } from './types.js';

export interface RuncOptions {
  runcPath: string;
  root: string;
  timeoutMs: number;
}

/** The `msg` of runc's last logrus line (`time=… level=error msg="…"` or JSON), else the trimmed text. */
export function runcErrorMessage(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as { msg?: unknown; level?: unknown };
        if (typeof parsed.msg === 'string' && parsed.level !== 'debug' && parsed.level !== 'info') return parsed.msg;
      } catch {
        // Not JSON after all: fall through to the text forms.
      }
    }
    const m = /level=(\w+) msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (m && m[1] !== 'debug' && m[1] !== 'info') return (m[2] as string).replace(/\\(.)/g, '$1');
  }
  return lines.join('\n');
}

export class Runc {
  constructor(private readonly opts: RuncOptions) {}

  /** Run `runc --root … <args>`; stdout on success, a typed error naming the container otherwise. */
  run(id: string, args: string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.opts.runcPath,
        ['--root', this.opts.root, ...args],
        { timeout: this.opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          if ((err as { killed?: boolean }).killed) return reject(unavailable(`runc ${args[0]} ${id}: timed out after ${this.opts.timeoutMs}ms`));
          reject(mapRuncError(id, runcErrorMessage(stderr) || err.message));
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      const out = JSON.parse(await this.run(id, ['state', id])) as { status: RuntimeStatus; pid: number; bundle: string };
      return { status: out.status, pid: out.status === 'stopped' ? 0 : out.pid, bundle: out.bundle };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

export function mapRuncError(id: string, message: string): Error {
  if (/container does not exist|container with id .* does not exist/i.test(message)) return notFound(`No such container: ${id}`, message);
  if (/container not running|process already finished|container is not running/i.test(message)) return conflict(`Container ${id} is not running`, message);
  if (/that is not stopped/i.test(message)) {
    return conflict(`You cannot remove a running container ${id}. Stop the container before attempting removal or force remove`, message);
  }
  if (/container not paused|is not paused/i.test(message)) return conflict(`Container ${id} is not paused`, message);
  if (/container already paused|is already paused/i.test(message)) return conflict(`Container ${id} is already paused`, message);
  return internal(`runc: ${message}`);
}
