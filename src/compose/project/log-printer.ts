/**
 * Several containers' logs as one stream, as Compose v2 prints them: each
 * line prefixed with its container's short name (`web-1  | `), padded to the
 * widest, in a colour of its own per service on a terminal.
 */
import { containerLogs, inspectContainer } from '../../client/containers.js';
import type { ApiClient } from '../../client/client.js';
import { Demuxer, StreamType } from '../../client/stdcopy.js';
import type { ObservedContainer } from './observed.js';

const COLOURS = [36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91];

export interface LogStreamOptions {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
}

/** `web-1` for `p-web-1`: what v2 prints in front of each line. */
export function shortName(project: string, c: Pick<ObservedContainer, 'name' | 'service' | 'number' | 'oneoff'>): string {
  return c.oneoff || !c.name.startsWith(`${project}-`) ? c.name : `${c.service}-${c.number}`;
}

export class LogPrinter {
  private readonly colours = new Map<string, number>();
  private width = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly o: { colour: boolean; prefix: boolean },
  ) {}

  /** Makes room for names so every prefix has the same width. */
  reserve(names: readonly string[]): void {
    this.width = Math.max(this.width, ...names.map((n) => n.length));
  }

  private prefix(name: string, service: string): string {
    if (!this.o.prefix) return '';
    const text = `${name.padEnd(this.width)}  | `;
    return this.o.colour ? `\x1b[${this.colourOf(service)}m${text}\x1b[0m` : text;
  }

  private colourOf(service: string): number {
    let colour = this.colours.get(service);
    if (colour === undefined) {
      colour = COLOURS[this.colours.size % COLOURS.length]!;
      this.colours.set(service, colour);
    }
    return colour;
  }

  /** A line of Compose's own (`web-1 exited with code 0`): the name in its colour, no bar. */
  notice(name: string, service: string, text: string): void {
    const colour = this.o.colour ? this.colourOf(service) : undefined;
    this.out.write(`${colour === undefined ? name : `\x1b[${colour}m${name}\x1b[0m`} ${text}\n`);
  }

  /** Prints c's log until it ends (with follow: until the container stops). */
  async stream(client: ApiClient, c: Pick<ObservedContainer, 'id' | 'service'>, name: string, o: LogStreamOptions): Promise<void> {
    this.reserve([name]);
    const tty = (await inspectContainer(client, c.id)).Config.Tty === true;
    const res = await containerLogs(client, c.id, { follow: o.follow, stdout: true, stderr: true, timestamps: o.timestamps, tail: o.tail, since: o.since, until: o.until });
    const pending = new Map<StreamType, string>();
    const emit = (stream: StreamType, text: string): void => {
      const lines = ((pending.get(stream) ?? '') + text).split('\n');
      pending.set(stream, lines.pop() ?? '');
      for (const line of lines) this.out.write(`${this.prefix(name, c.service)}${line.replace(/\r$/, '')}\n`);
    };
    const demuxer = new Demuxer();
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (tty) emit(StreamType.Stdout, chunk.toString('utf8'));
      else for (const f of demuxer.push(chunk)) emit(f.stream, f.data.toString('utf8'));
    }
    for (const [, rest] of pending) if (rest !== '') this.out.write(`${this.prefix(name, c.service)}${rest}\n`);
  }
}
