/**
 * Progress as Compose v2 shows it: on a terminal a block of one status line
 * per object (`✔ Container p-web-1  Started  0.4s`) redrawn in place under
 * `[+] Running 2/3`; in a pipe one plain line per event; `quiet` nothing.
 */
export type ProgressMode = 'auto' | 'tty' | 'plain' | 'quiet' | 'json';
type Status = 'working' | 'done' | 'error' | 'warning';

export interface Progress {
  /** kind: `Container`, `Network`, `Volume`, `Image`, `Service`; text: `Creating`, `Started`… */
  event(kind: string, name: string, text: string, status?: Status): void;
  /** Ends the block (the terminal's last redraw). */
  done(): void;
}

/** The present participles that mean "still going", as v2 tells working from done events. */
const WORKING = /ing$/;

interface Line {
  kind: string;
  name: string;
  text: string;
  status: Status;
  started: number;
  ended?: number;
}

class TerminalProgress implements Progress {
  private readonly lines: Line[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly title: string,
  ) {}

  event(kind: string, name: string, text: string, status?: Status): void {
    const st = status ?? (WORKING.test(text) ? 'working' : 'done');
    let line = this.lines.find((l) => l.kind === kind && l.name === name);
    if (!line) {
      line = { kind, name, text, status: st, started: Date.now() };
      this.lines.push(line);
    }
    line.text = text;
    line.status = st;
    line.ended = st === 'working' ? undefined : Date.now();
    this.timer ??= setInterval(() => this.draw(), 100).unref();
    this.draw();
  }

  private draw(): void {
    const finished = this.lines.filter((l) => l.status !== 'working').length;
    const mark = { working: '\x1b[34m⠿\x1b[0m', done: '\x1b[32m✔\x1b[0m', error: '\x1b[31m✘\x1b[0m', warning: '\x1b[33m!\x1b[0m' };
    const width = Math.max(0, ...this.lines.map((l) => l.kind.length + l.name.length + 1));
    const rows = [`[+] ${this.title} ${finished}/${this.lines.length}`];
    for (const l of this.lines) {
      const secs = (((l.ended ?? Date.now()) - l.started) / 1000).toFixed(1);
      rows.push(` ${mark[l.status]} ${`${l.kind} ${l.name}`.padEnd(width)}  ${l.text.padEnd(10)} ${secs}s`);
    }
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(up + rows.map((r) => `\r\x1b[2K${r}\n`).join(''));
    this.drawn = rows.length;
  }

  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.lines.length > 0) this.draw();
  }
}

class PlainProgress implements Progress {
  constructor(private readonly out: NodeJS.WritableStream) {}
  event(kind: string, name: string, text: string): void {
    this.out.write(` ${kind} ${name}  ${text}\n`);
  }
  done(): void {}
}

class JsonProgress implements Progress {
  constructor(private readonly out: NodeJS.WritableStream) {}
  event(kind: string, name: string, text: string, status?: Status): void {
    this.out.write(`${JSON.stringify({ id: `${kind} ${name}`, status: text, state: status ?? (WORKING.test(text) ? 'working' : 'done') })}\n`);
  }
  done(): void {}
}

export const quietProgress: Progress = { event: () => undefined, done: () => undefined };

export function makeProgress(mode: ProgressMode, out: NodeJS.WriteStream, title = 'Running'): Progress {
  const m = mode === 'auto' ? (out.isTTY ? 'tty' : 'plain') : mode;
  if (m === 'quiet') return quietProgress;
  if (m === 'json') return new JsonProgress(out);
  return m === 'tty' ? new TerminalProgress(out, title) : new PlainProgress(out);
}
