import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, link, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRecord, parseTimestamp } from './log-format.js';
import { readLogs } from './logs.js';
import { Cleanup, makeTempDir } from './testing/fixtures.js';
import type { LogEntry, ReadLogsOptions } from './types.js';

const cleanup = new Cleanup();
after(() => cleanup.run());

async function logFile(text: string): Promise<string> {
  const dir = await makeTempDir();
  cleanup.dir(dir);
  const path = join(dir, 'ctr.log');
  await writeFile(path, text);
  return path;
}

async function read(path: string, opts: ReadLogsOptions = {}): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of readLogs(path, opts)) out.push(e);
  return out;
}

const LOG = [
  '2024-01-01T00:00:01.000000001+00:00 stdout F one',
  '2024-01-01T00:00:02.5+00:00 stderr P par',
  '2024-01-01T01:00:03.000000000+01:00 stdout F two',
  '2024-01-01T00:00:04Z stderr F tial',
  '2024-01-01T00:00:05.000000000Z stdout F three',
  '',
].join('\n');

describe('k8s-file records', () => {
  it('parses timestamps to UTC RFC3339Nano', () => {
    assert.deepEqual(parseTimestamp('2024-01-01T01:00:03.120000000+01:00'), { utc: '2024-01-01T00:00:03.12Z', seconds: 1704067203.12 });
    assert.equal(parseTimestamp('2024-01-01T00:00:03Z')?.utc, '2024-01-01T00:00:03Z');
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('parses records, including empty partials and text with spaces', () => {
    const r = parseRecord(Buffer.from('2024-01-01T00:00:01Z stdout F a b  c'));
    assert.equal(r?.stream, 'stdout');
    assert.equal(r?.partial, false);
    assert.equal(r?.text.toString(), 'a b  c');
    assert.equal(parseRecord(Buffer.from('2024-01-01T00:00:01Z stderr P'))?.text.length, 0);
    assert.equal(parseRecord(Buffer.from('garbage')), undefined);
  });
});

describe('readLogs', () => {
  it('joins partial lines per stream and filters streams', async () => {
    const path = await logFile(LOG);
    const all = await read(path);
    assert.deepEqual(all.map((e) => `${e.stream}:${e.data.toString()}`), ['stdout:one\n', 'stdout:two\n', 'stderr:partial\n', 'stdout:three\n']);
    assert.equal(all[0]?.timestamp, '2024-01-01T00:00:01.000000001Z');
    assert.deepEqual((await read(path, { stdout: false })).map((e) => e.data.toString()), ['partial\n']);
  });

  it('applies since, until and tail', async () => {
    const path = await logFile(LOG);
    assert.deepEqual((await read(path, { since: 1704067203 })).map((e) => e.data.toString()), ['two\n', 'partial\n', 'three\n']);
    assert.deepEqual((await read(path, { until: 1704067203.5 })).map((e) => e.data.toString()), ['one\n', 'two\n']);
    assert.deepEqual((await read(path, { tail: 2 })).map((e) => e.data.toString()), ['partial\n', 'three\n']);
    assert.deepEqual(await read(join(path, '..', 'missing.log')), []);
  });

  it('follows appends until told the container stopped', async () => {
    const path = await logFile('2024-01-01T00:00:01Z stdout F first\n');
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const seen: string[] = [];
    const reader = (async () => {
      for await (const e of readLogs(path, { follow: true, stopped })) {
        seen.push(e.data.toString());
        // A record split across two writes, then the record that ends the line.
        if (seen.length === 1) await appendFile(path, '2024-01-01T00:00:02Z stdout P se');
        if (seen.length === 1) await appendFile(path, 'c\n2024-01-01T00:00:02Z stdout F ond\n');
        if (seen.length === 2) stop();
      }
    })();
    await reader;
    assert.deepEqual(seen, ['first\n', 'second\n']);
  });

  it('stops following on abort', async () => {
    const path = await logFile('');
    const ac = new AbortController();
    const reader = read(path, { follow: true, signal: ac.signal });
    ac.abort();
    assert.deepEqual(await reader, []);
  });

  it('reads across the files rotation keeps, and follows conmon\'s cut into the armed file', async () => {
    const rec = (n: number): string => `2024-01-01T00:00:0${n}Z stdout F l${n}\n`;
    const live = await logFile(rec(3));
    await writeFile(`${live}.1`, rec(1) + rec(2));
    await link(live, `${live}.2`);
    // The armed file: linked as the next generation and where conmon opens its next file.
    await writeFile(`${live}.3`, '');
    await link(`${live}.3`, `${live}.tmp`);
    const text = (es: LogEntry[]): string => es.map((e) => e.data.toString()).join('');
    assert.equal(text(await read(live)), 'l1\nl2\nl3\n');
    assert.equal(text(await read(live, { tail: 2 })), 'l2\nl3\n');

    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const seen: string[] = [];
    for await (const e of readLogs(live, { follow: true, stopped, tail: 1 })) {
      seen.push(e.data.toString());
      if (seen.length === 1) {
        // conmon's cut: the last bytes to the old file, then the armed one takes its name.
        await appendFile(live, rec(4));
        await rename(`${live}.tmp`, live);
        await appendFile(live, rec(5));
      }
      if (seen.length === 3) stop();
    }
    assert.deepEqual(seen, ['l3\n', 'l4\n', 'l5\n']);
  });
});
