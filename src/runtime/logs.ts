/**
 * Reading a container's k8s-file log (see log-format.ts) the way `docker logs`
 * does: whole lines, stream selection, since/until, tail, and follow until
 * the container stops, across the files rotation keeps (log-files.ts).
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoCode } from '../errdefs/index.js';
import { generations, logFiles, nextFile, type LogFile } from './log-files.js';
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
async function tailStart(fh: FileHandle, size: number, tail: number): Promise<{ offset: number; counted: number }> {
  if (tail <= 0) return { offset: size, counted: 0 };
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
  return { offset, counted };
}

/** Where the last `tail` lines begin: a file of the log and an offset in it. */
async function tailPosition(files: LogFile[], tail: number): Promise<{ index: number; offset: number }> {
  let need = tail;
  for (let index = files.length - 1; index >= 0; index--) {
    const fh = await openIfThere(files[index]!.path);
    if (!fh) continue;
    try {
      const { offset, counted } = await tailStart(fh, (await fh.stat()).size, need);
      need -= counted;
      if (need <= 0 || index === 0) return { index, offset };
    } finally {
      await fh.close();
    }
  }
  return { index: 0, offset: 0 };
}

async function openIfThere(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    // Pruned by rotation since it was listed.
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
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

/**
 * The log's files one after the other: those there when reading began, then (when
 * following) each file conmon cuts into, once it has moved past the one before.
 */
class FileCursor {
  fh: FileHandle | undefined;
  pos = 0;
  private ino = 0n;
  private lastSeq = 0;

  constructor(
    private readonly log: string,
    private readonly files: LogFile[],
    private index: number,
  ) {}

  /** Opens the file at the index (skipping pruned ones); false when there is none. */
  async openListed(offset: number): Promise<boolean> {
    for (; this.index < this.files.length; this.index++, offset = 0) {
      const f = this.files[this.index]!;
      if (await this.use(f, offset)) return true;
    }
    return false;
  }

  private async use(f: LogFile, offset: number): Promise<boolean> {
    let fh = await openIfThere(f.path);
    if (!fh) return false;
    let ino = (await fh.stat({ bigint: true })).ino;
    let seq = f.seq ?? 0;
    if (ino !== f.ino) {
      // The live name moved on since it was listed: the file meant is a generation by now, or gone.
      const linked = (await generations(this.log)).find((g) => g.ino === f.ino);
      const meant = linked && (await openIfThere(linked.path));
      if (meant) {
        await fh.close();
        fh = meant;
        ino = f.ino;
        seq = linked.seq!;
      }
    }
    await this.fh?.close();
    Object.assign(this, { fh, pos: offset, ino, lastSeq: Math.max(this.lastSeq, seq) });
    return true;
  }

  /**
   * After the end of the current file: the next one, listed or (following) cut since;
   * `more` when the current file grew after our read that ended it. conmon writes its
   * last records to a file and only then cuts, so between that read and finding the
   * cut it may have written more: once a next file exists, the size is final.
   */
  async advance(follow: boolean): Promise<'next' | 'more' | 'end'> {
    if (this.index + 1 < this.files.length) {
      this.index++;
      return (await this.openListed(0)) ? 'next' : 'end';
    }
    if (!follow) return 'end';
    const next = await nextFile(this.log, { ino: this.ino }, this.lastSeq);
    if (next === undefined) return 'end';
    if ((await this.fh!.stat()).size > this.pos) return 'more';
    this.index = this.files.length;
    return (await this.use(next, 0)) ? 'next' : 'end';
  }

  async close(): Promise<void> {
    await this.fh?.close();
  }
}

export async function* readLogs(logPath: string, opts: ReadLogsOptions = {}): AsyncGenerator<LogEntry> {
  const files = await logFiles(logPath);
  const tail = typeof opts.tail === 'number' ? opts.tail : undefined;
  const start = tail === undefined ? { index: 0, offset: 0 } : await tailPosition(files, tail);
  const cursor = new FileCursor(logPath, files, start.index);
  if (!(await cursor.openListed(start.offset))) return;
  let stopped = false;
  opts.stopped?.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const want = { stdout: opts.stdout ?? true, stderr: opts.stderr ?? true };
  const since = opts.since ?? 0;
  const until = opts.until ?? 0;
  const keep = (t: TimedEntry): boolean => want[t.entry.stream] && !(since > 0 && t.seconds < since);
  let watcher: FSWatcher | undefined;
  try {
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
    // The directory: a cut puts a new file there, which a watch on the old file would not see.
    // A change may come while the consumer holds a line: remembered, so the wait below cannot miss it.
    let changed = false;
    if (opts.follow) watcher = watch(dirname(logPath), { persistent: true }).on('change', () => (changed = true));
    reading: for (;;) {
      if (opts.signal?.aborted) return;
      const wasStopped = stopped;
      changed = false;
      const { bytesRead } = await cursor.fh!.read(chunk, 0, CHUNK, cursor.pos);
      if (bytesRead > 0) {
        cursor.pos += bytesRead;
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
      // conmon writes whole records: a file it left ends with one.
      const moved = await cursor.advance(opts.follow === true);
      if (moved === 'more') continue;
      if (moved === 'next') {
        rest = Buffer.alloc(0);
        continue;
      }
      // At the end of the log: done unless following a container that still runs.
      if (!opts.follow || wasStopped) break;
      for (const t of release()) yield t.entry;
      if (!changed) await nextChange(watcher, opts.stopped, opts.signal);
    }
    // Unfinished lines end after `until`; otherwise they are the process's last words.
    for (const t of release(pastUntil ? [] : lines.flush())) yield t.entry;
  } finally {
    watcher?.close();
    await cursor.close();
  }
}
