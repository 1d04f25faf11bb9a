/**
 * Streams of JSON messages (pull/load/import/build progress, events, stats):
 * one JSON value per line, as the daemon writes them.
 */
import { StringDecoder } from 'node:string_decoder';

export async function* jsonLines<T>(source: AsyncIterable<Buffer | string>): AsyncGenerator<T> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line !== '') yield JSON.parse(line) as T;
      nl = pending.indexOf('\n');
    }
  }
  const rest = (pending + decoder.end()).trim();
  if (rest !== '') yield JSON.parse(rest) as T;
}
