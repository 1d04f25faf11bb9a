/** Live logs: `logs?follow=1`, demultiplexed when the container has no TTY, with search, timestamps, tail and download. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api.js';

const MAX_LINES = 5000;

/** Splits Docker's multiplexed stream (8-byte frame headers) into text; a TTY's stream is raw. */
class Demux {
  private buf = new Uint8Array(0);
  private readonly dec = [new TextDecoder(), new TextDecoder(), new TextDecoder()];
  constructor(private readonly raw: boolean) {}

  push(chunk: Uint8Array): Array<{ stream: number; text: string }> {
    if (this.raw) return [{ stream: 1, text: this.dec[1]!.decode(chunk, { stream: true }) }];
    const all = new Uint8Array(this.buf.length + chunk.length);
    all.set(this.buf);
    all.set(chunk, this.buf.length);
    const out: Array<{ stream: number; text: string }> = [];
    let at = 0;
    while (all.length - at >= 8) {
      const size = new DataView(all.buffer, all.byteOffset + at + 4, 4).getUint32(0);
      if (all.length - at - 8 < size) break;
      const stream = all[at] === 2 ? 2 : 1;
      out.push({ stream, text: this.dec[stream]!.decode(all.subarray(at + 8, at + 8 + size), { stream: true }) });
      at += 8 + size;
    }
    this.buf = all.slice(at);
    return out;
  }
}

interface Line {
  n: number;
  stream: number;
  text: string;
}

export function Logs({ id, name, tty }: { id: string; name: string; tty: boolean }) {
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [tail, setTail] = useState('500');
  const [query, setQuery] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [streaming, setStreaming] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const ctl = new AbortController();
    const acc: Line[] = [];
    const partial = ['', '', ''];
    let n = 0;
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      if (acc.length > MAX_LINES) acc.splice(0, acc.length - MAX_LINES);
      setLines(acc.slice());
    };
    const add = (stream: number, text: string): void => {
      const parts = (partial[stream] + text).split('\n');
      partial[stream] = parts.pop() ?? '';
      for (const p of parts) acc.push({ n: n++, stream, text: p.replace(/\r$/, '') });
      if (!frame) frame = requestAnimationFrame(flush);
    };
    setLines([]);
    const q = new URLSearchParams({ stdout: '1', stderr: '1', follow: follow ? '1' : '0', timestamps: timestamps ? '1' : '0', tail: tail || 'all' });
    setStreaming(true);
    void (async () => {
      try {
        const res = await request('GET', `/api/containers/${id}/logs?${q}`, undefined, ctl.signal);
        const demux = new Demux(tty);
        const reader = res.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const f of demux.push(value)) add(f.stream, f.text);
        }
        for (const s of [1, 2]) if (partial[s]) add(s, '\n');
      } catch {
        // aborted, or the stream broke: what arrived stays on screen
      }
      if (!ctl.signal.aborted) setStreaming(false);
    })();
    return () => {
      ctl.abort();
      cancelAnimationFrame(frame);
    };
  }, [id, tty, follow, timestamps, tail]);

  // Keep the newest line in view while following, unless the user scrolled up.
  useEffect(() => {
    const el = box.current;
    if (el && follow && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [lines, follow]);

  const q = query.toLowerCase();
  const shown = q ? lines.filter((l) => l.text.toLowerCase().includes(q)) : lines;
  const download = (): void => {
    const blob = new Blob([lines.map((l) => l.text).join('\n') + '\n'], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${name}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <div class="logs">
      <div class="toolbar">
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> Follow
        </label>
        <label>
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.currentTarget.checked)} /> Timestamps
        </label>
        <label>
          Tail{' '}
          <select value={tail} onChange={(e) => setTail(e.currentTarget.value)}>
            {['100', '500', '1000', '5000', 'all'].map((t) => (
              <option value={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Search <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={download}>
          Download
        </button>
        <span class="muted" aria-live="polite">
          {shown.length} lines{streaming && follow ? ', following' : ''}
        </span>
      </div>
      <div class="log-lines" ref={box} tabIndex={0} role="log" aria-label={`Logs of ${name}`}>
        {shown.map((l) => (
          <div key={l.n} class={l.stream === 2 ? 'stderr' : undefined}>
            {l.text || '\u00a0'}
          </div>
        ))}
      </div>
    </div>
  );
}
