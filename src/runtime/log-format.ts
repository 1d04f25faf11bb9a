/**
 * conmon's k8s-file log format: one record per line,
 *   `<RFC3339Nano timestamp> <stdout|stderr> <F|P> <text>`
 * where P marks a partial line (the process wrote no newline yet, or a line
 * longer than conmon's buffer) continued by the next record of the same
 * stream, and F ends a line. Records of the two streams interleave.
 */
import type { LogEntry } from './types.js';

const SPACE = 0x20;
const NEWLINE = Buffer.from('\n');

export interface LogRecord {
  stream: 'stdout' | 'stderr';
  partial: boolean;
  timestamp: string;
  /** Seconds since the epoch with the nanosecond fraction, for since/until. */
  seconds: number;
  text: Buffer;
}

/** A finished line with the exact time of its last record. */
export interface TimedEntry {
  entry: LogEntry;
  seconds: number;
}

/** `2024-01-02T03:04:05.123456789+01:00` → UTC RFC3339Nano as Docker prints it (trailing zeros trimmed) and epoch seconds. */
export function parseTimestamp(ts: string): { utc: string; seconds: number } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return undefined;
  const wholeMs = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(wholeMs)) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  const base = new Date(wholeMs).toISOString().slice(0, 19);
  const trimmed = frac.replace(/0+$/, '');
  return { utc: `${base}${trimmed ? '.' + trimmed : ''}Z`, seconds: wholeMs / 1000 + Number(frac) / 1e9 };
}

/** One line of the file (without its newline); undefined for anything that is not a record. */
export function parseRecord(line: Buffer): LogRecord | undefined {
  const s1 = line.indexOf(SPACE);
  const s2 = s1 < 0 ? -1 : line.indexOf(SPACE, s1 + 1);
  if (s2 < 0) return undefined;
  const stream = line.toString('latin1', s1 + 1, s2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const s3 = line.indexOf(SPACE, s2 + 1);
  // A record of an empty partial line may end right after the tag.
  const tag = line.toString('latin1', s2 + 1, s3 < 0 ? line.length : s3);
  if (tag !== 'F' && tag !== 'P') return undefined;
  const ts = parseTimestamp(line.toString('latin1', 0, s1));
  if (!ts) return undefined;
  return { stream, partial: tag === 'P', timestamp: ts.utc, seconds: ts.seconds, text: s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1) };
}

/** Joins P records with the F record that ends them, per stream. */
export class LineAssembler {
  private readonly pending = { stdout: [] as LogRecord[], stderr: [] as LogRecord[] };

  /** Feed one record; returns the finished line when the record ends one. */
  push(rec: LogRecord): TimedEntry | undefined {
    this.pending[rec.stream].push(rec);
    return rec.partial ? undefined : this.take(rec.stream, true);
  }

  /** Lines left unfinished when the log ends (the process's last output had no newline). */
  flush(): TimedEntry[] {
    return (['stdout', 'stderr'] as const).flatMap((s) => (this.pending[s].length > 0 ? [this.take(s, false)] : []));
  }

  private take(stream: 'stdout' | 'stderr', newline: boolean): TimedEntry {
    const recs = this.pending[stream];
    this.pending[stream] = [];
    const last = recs[recs.length - 1] as LogRecord;
    const data = Buffer.concat([...recs.map((r) => r.text), ...(newline ? [NEWLINE] : [])]);
    return { entry: { stream, time: new Date(Math.floor(last.seconds * 1000)), timestamp: last.timestamp, data }, seconds: last.seconds };
  }
}
