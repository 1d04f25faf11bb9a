/**
 * Reading a container's k8s-file log (see log-format.ts) the way `docker logs`
 * does: whole lines, stream selection, since/until, tail, and follow until
 * the container stops.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errnoCode } from '../errdefs/index.js';
import { LineAssembler, parseRecord, type TimedEntry } from './log-format.js';
import type { LogEntry, ReadLogsOptions } from './types.js';

const CHUNK = 64 * 1024;
const NL = 0x0a;

/** Lines of the file from last to first, with their byte offsets. */
async function* linesBackward(fh: FileHandle, size: number): AsyncGenerator<{ line: Buffer; start: number }> {
  let pos = size;
  let carry = Buffer.alloc(0);
  let end: number | undefined;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const block = Buffer.alloc(len);
    await fh.read(block, 0, len, pos);
    const buf = Buffer.concat([block, carry]);
    // The file's final newline terminates the last line; it does not start an empty one.
    end = end === undefined && buf.at(-1) === NL ? buf.length - 1 : buf.length;
    for (let nl = end > 0 ? buf.lastIndexOf(NL, end - 1) : -1; nl >= 0; nl = end > 0 ? buf.lastIndexOf(NL, end - 1) : -1) {
      yield { line: buf.subarray(nl + 1, end), start: pos + nl + 1 };
      end = nl;
    }
    carry = Buffer.from(buf.subarray(0, end));
  }
  if (carry.length > 0) yield { line: carry, start: 0 };
}

/**
 * Offset of the first record belonging to the last `tail` lines. Going back
 * from the end, each F record (or a trailing run of P records) is one line;
 * once enough are counted, keep going only until every counted stream's
 * line has its first P record.
 */
async function tailStart(fh: FileHandle, size: number, tail: number): Promise<number> {
  if (tail <= 0) return size;
  let counted = 0;
  let offset = size;
  const open = new Set<string>();
  for await (const { line, start } of linesBackward(fh, size)) {
    const rec = parseRecord(line);
    if (!rec) continue;
    const inOpenLine = open.has(rec.stream) && rec.partial;
    if (inOpenLine) {
      offset = start;
    } else if (counted < tail) {
      counted++;
      open.add(rec.stream);
      offset = start;
    } else {
      open.delete(rec.stream);
    }
    if (counted >= tail && open.size === 0) break;
  }
  return offset;
}

/** Resolves on the next change to the file, on `stopped`, or on abort. */
function nextChange(watcher: FSWatcher | undefined, stopped: Promise<unknown> | undefined, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      watcher?.removeListener('change', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    watcher?.on('change', done);
    signal?.addEventListener('abort', done, { once: true });
    stopped?.then(done, done);
  });
}

export async function* readLogs(logPath: string, opts: ReadLogsOptions = {}): AsyncGenerator<LogEntry> {
  let fh: FileHandle;
  try {
    fh = await open(logPath, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  let stopped = false;
  opts.stopped?.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const want = { stdout: opts.stdout ?? true, stderr: opts.stderr ?? true };
  const since = opts.since ?? 0;
  const until = opts.until ?? 0;
  const keep = (t: TimedEntry): boolean => want[t.entry.stream] && !(since > 0 && t.seconds < since);
  const tail = typeof opts.tail === 'number' ? opts.tail : undefined;
  let watcher: FSWatcher | undefined;
  try {
    const { size } = await fh.stat();
    let pos = tail === undefined ? 0 : await tailStart(fh, size, tail);
    // With a tail, lines that exist now are held back until the last `tail` are known.
    let held: TimedEntry[] | undefined = tail === undefined ? undefined : [];
    const release = (extra: TimedEntry[] = []): TimedEntry[] => {
      let out = extra;
      if (held) {
        const all = [...held, ...extra];
        out = tail === 0 ? [] : all.slice(-(tail ?? all.length));
      }
      held = undefined;
      return out.filter(keep);
    };
    const lines = new LineAssembler();
    let rest = Buffer.alloc(0);
    const chunk = Buffer.alloc(CHUNK);
    let pastUntil = false;
    if (opts.follow) watcher = watch(logPath, { persistent: true });
    reading: for (;;) {
      if (opts.signal?.aborted) return;
      const wasStopped = stopped;
      const { bytesRead } = await fh.read(chunk, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        let data = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
        for (let nl = data.indexOf(NL); nl >= 0; nl = data.indexOf(NL)) {
          const rec = parseRecord(data.subarray(0, nl));
          data = data.subarray(nl + 1);
          if (!rec) continue;
          if (until > 0 && rec.seconds > until) {
            pastUntil = true;
            break reading;
          }
          const line = lines.push(rec);
          if (!line) continue;
          if (held) {
            held.push(line);
            if (held.length > (tail ?? 0)) held.shift();
          } else if (keep(line)) yield line.entry;
        }
        rest = Buffer.from(data);
        continue;
      }
      // At the end of the file: done unless following a container that still runs.
      if (!opts.follow || wasStopped) break;
      for (const t of release()) yield t.entry;
      await nextChange(watcher, opts.stopped, opts.signal);
    }
    // Unfinished lines end after `until`; otherwise they are the process's last words.
    for (const t of release(pastUntil ? [] : lines.flush())) yield t.entry;
  } finally {
    watcher?.close();
    await fh.close();
  }
}
