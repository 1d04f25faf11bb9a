/**
 * A shell in the container: the page creates a TTY exec through the API, the
 * dashboard server starts it and bridges it over `/ws/exec/{id}` (binary frames
 * both ways); resizes go through `POST /exec/{id}/resize`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { act, post } from '../api.js';
import { mirrorInlineStyles } from './csp-styles.js';
import { sessionKey } from '../session-key.js';


export function Terminal({ id }: { id: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm>();
  const [status, setStatus] = useState('connecting…');
  const [shell, setShell] = useState('/bin/sh');
  const [session, setSession] = useState(0);

  useEffect(() => {
    const t = new XTerm({ convertEol: false, cursorBlink: true, fontSize: 14, scrollback: 5000 });
    const fit = new FitAddon();
    t.loadAddon(fit);
    const unmirror = mirrorInlineStyles(host.current!);
    t.open(host.current!);
    term.current = t;
    fit.fit();
    let ws: WebSocket | undefined;
    let execId: string | undefined;
    let closed = false;
    const resize = (): void => {
      fit.fit();
      if (execId && ws?.readyState === WebSocket.OPEN) void post(`/api/exec/${execId}/resize?h=${t.rows}&w=${t.cols}`).catch(() => undefined);
    };
    void (async () => {
      const created = await post<{ Id: string }>(`/api/containers/${id}/exec`, {
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        Cmd: [shell],
        Env: [`COLUMNS=${t.cols}`, `LINES=${t.rows}`, 'TERM=xterm-256color'],
      }).catch((err: Error) => {
        setStatus(`exec failed: ${err.message}`);
        return undefined;
      });
      if (!created || closed) return;
      execId = created.Id;
      const proto = location.protocol === 'https:' ? 'wss' : 'ws';
      ws = new WebSocket(`${proto}://${location.host}/ws/exec/${execId}?csrf=${encodeURIComponent(sessionKey)}`);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        setStatus('connected');
        t.focus();
      };
      let first = true;
      ws.onmessage = (m) => {
        // The first bytes mean the exec runs: a resize sent before that may find it not started yet.
        if (first) resize();
        first = false;
        t.write(typeof m.data === 'string' ? m.data : new Uint8Array(m.data as ArrayBuffer));
      };
      ws.onclose = () => setStatus('disconnected: the shell exited');
      ws.onerror = () => setStatus('connection failed');
    })();
    const enc = new TextEncoder();
    const input = t.onData((d) => ws?.readyState === WebSocket.OPEN && ws.send(enc.encode(d)));
    const binary = t.onBinary((d) => ws?.readyState === WebSocket.OPEN && ws.send(Uint8Array.from(d, (ch) => ch.charCodeAt(0))));
    window.addEventListener('resize', resize);
    return () => {
      closed = true;
      window.removeEventListener('resize', resize);
      input.dispose();
      binary.dispose();
      ws?.close();
      t.dispose();
      unmirror();
      term.current = undefined;
    };
  }, [id, session, shell]);

  const copy = (): Promise<boolean> => act('copy', () => navigator.clipboard.writeText(term.current?.getSelection() ?? ''));
  const paste = (): Promise<boolean> =>
    act('paste', async () => {
      term.current?.paste(await navigator.clipboard.readText());
      term.current?.focus();
    });
  return (
    <div class="terminal">
      <div class="toolbar">
        <label>
          Shell{' '}
          <select value={shell} onChange={(e) => setShell(e.currentTarget.value)}>
            {['/bin/sh', '/bin/bash', '/bin/ash'].map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setSession((n) => n + 1)}>
          Reconnect
        </button>
        <button type="button" onClick={copy}>
          Copy selection
        </button>
        <button type="button" onClick={paste}>
          Paste
        </button>
        <span class="muted" aria-live="polite" data-terminal-status>
          {status}
        </span>
      </div>
      <div class="xterm-host" ref={host} />
    </div>
  );
}
