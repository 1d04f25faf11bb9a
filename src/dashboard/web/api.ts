/**
 * The page's one door to the daemon: the dashboard server's `/api/` forwarder
 * (docs/dashboard.md). Every request carries the session's key (session-key.ts);
 * errors surface the daemon's own message.
 */
import { sessionKey } from './session-key.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function headers(body: unknown): Record<string, string> {
  const h: Record<string, string> = { 'X-Wharf-CSRF': sessionKey };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return h;
}

/** A request to the dashboard server (path starts with `/api/` or `/compose/`); throws ApiError on a non-2xx answer. */
export async function request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(path, {
    method,
    headers: headers(body),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok) {
    const text = await res.text();
    let message = text || res.statusText;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the plain text is the message
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

export async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request('GET', path, undefined, signal)).json() as Promise<T>;
}

/** A state-changing call; JSON answer if there is one. */
export async function post<T = unknown>(path: string, body?: unknown): Promise<T | undefined> {
  const res = await request('POST', path, body);
  const text = await res.text();
  return text ? (JSON.parse(text) as T) : undefined;
}

export async function del(path: string): Promise<void> {
  await request('DELETE', path);
}

/** `filters=` as the Engine API takes it. */
export const filters = (f: Record<string, string[]>): string => encodeURIComponent(JSON.stringify(f));

/**
 * Reads a JSON-lines stream (events, stats, pull progress) and calls `onValue` per
 * object until it ends or `signal` aborts. Resolves when the stream ends.
 */
export async function readJSONStream<T>(res: Response, onValue: (v: T) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onValue(JSON.parse(line) as T);
    }
  }
  if (buf.trim()) onValue(JSON.parse(buf) as T);
}

/** A user action: run it, and show its error in the page's status line rather than lose it. */
export async function act(what: string, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    notify(`${what}: ${(err as Error).message}`);
    return false;
  }
}

type Listener = (message: string) => void;
const notices = new Set<Listener>();
export function onNotice(l: Listener): () => void {
  notices.add(l);
  return () => notices.delete(l);
}
export function notify(message: string): void {
  for (const l of notices) l(message);
}
