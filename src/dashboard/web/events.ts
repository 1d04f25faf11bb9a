/**
 * The page's one `GET /api/events` stream. Every live list subscribes here and
 * reloads only the object an event names; the stream reconnects (with `since`,
 * so nothing is missed) if the dashboard server or the daemon restarts.
 */
import { readJSONStream, request } from './api.js';

export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time: number;
  timeNano?: number;
}

type Listener = (e: EngineEvent) => void;
const listeners = new Set<Listener>();
/** The last events, newest last, for the System view's feed. */
export const recent: EngineEvent[] = [];
const RECENT_MAX = 200;
let started = false;
/**
 * `connecting` until the stream's response starts (the daemon may hold its headers
 * until the first event), `live` once it has, `offline` after it broke.
 */
export type Connection = 'connecting' | 'live' | 'offline';
let connection: Connection = 'connecting';
const connectionListeners = new Set<(c: Connection) => void>();

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  start();
  return () => listeners.delete(l);
}

export function onConnection(l: (c: Connection) => void): () => void {
  connectionListeners.add(l);
  l(connection);
  return () => connectionListeners.delete(l);
}

function setConnection(c: Connection): void {
  if (c === connection) return;
  connection = c;
  for (const l of connectionListeners) l(c);
}

function start(): void {
  if (started) return;
  started = true;
  void loop();
}

async function loop(): Promise<void> {
  let since = Math.floor(Date.now() / 1000);
  let backoff = 500;
  for (;;) {
    try {
      const res = await request('GET', `/api/events?since=${since}`);
      setConnection('live');
      backoff = 500;
      await readJSONStream<EngineEvent>(res, (e) => {
        setConnection('live');
        since = e.time;
        recent.push(e);
        if (recent.length > RECENT_MAX) recent.splice(0, recent.length - RECENT_MAX);
        for (const l of listeners) l(e);
      });
    } catch {
      // the stream broke: reconnect below
    }
    setConnection('offline');
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(backoff * 2, 10_000);
  }
}
