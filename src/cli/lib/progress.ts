/**
 * Shows a daemon's JSON message stream (pull, load, import) as docker's
 * jsonmessage does: `id: status progress` lines, redrawn in place per id on
 * a terminal; `stream` text as it is; an `error` ends the stream with it.
 */
import type { ApiResponse } from '../../client/client.js';
import { jsonLines } from '../../client/json-stream.js';
import { StatusError } from './errors.js';

export interface JsonMessage {
  stream?: string;
  status?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  id?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: unknown;
}

/**
 * Writes the messages of res to out; returns the `aux` payloads (the image
 * id of a build, a load's tags). Throws the stream's error as a StatusError.
 */
export async function displayJsonMessages(res: ApiResponse, out: NodeJS.WriteStream, o: { quiet?: boolean } = {}): Promise<unknown[]> {
  const aux: unknown[] = [];
  const isTerminal = out.isTTY === true;
  const lineOfId = new Map<string, number>();
  let lines = 0;
  for await (const m of jsonLines<JsonMessage>(res)) {
    if (m.errorDetail?.message || m.error) throw new StatusError(m.errorDetail?.code || 1, m.errorDetail?.message || m.error || '');
    if (m.aux !== undefined) {
      aux.push(m.aux);
      continue;
    }
    if (o.quiet) continue;
    if (m.stream !== undefined) {
      out.write(m.stream);
      continue;
    }
    if (m.status === undefined) continue;
    // Progress bars only make sense on a terminal.
    if (!isTerminal && m.progressDetail && m.progress) continue;
    const text = `${m.id ? `${m.id}: ` : ''}${m.status}${isTerminal && m.progress ? ` ${m.progress}` : ''}`;
    const at = m.id !== undefined ? lineOfId.get(m.id) : undefined;
    if (isTerminal && at !== undefined) {
      const up = lines - at;
      out.write(`\x1b[${up}A\r\x1b[2K${text}\r\x1b[${up}B`);
      continue;
    }
    if (m.id !== undefined) lineOfId.set(m.id, lines);
    out.write(`${text}\n`);
    lines++;
  }
  return aux;
}
