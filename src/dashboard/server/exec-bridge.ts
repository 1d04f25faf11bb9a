/**
 * `/ws/exec/{execId}`: starts the exec hijacked, as `wharf exec -it` does, and
 * bridges it to a WebSocket: binary frames both ways are the terminal's bytes
 * (with `Tty: true` there is no stdcopy framing to undo).
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { ApiClient } from '../../client/client.js';
import { startExecAttached } from '../../client/exec.js';
import { isApiError } from '../../client/errors.js';

/** Bytes the browser has not taken yet above which the exec's output waits, and below which it flows again. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;

/** Writes a plain HTTP answer on a socket that was to be upgraded. */
export function rejectUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ message });
  const lines = Object.entries({ ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}

export async function bridgeExec(client: ApiClient, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, execId: string): Promise<void> {
  let daemon;
  try {
    daemon = await startExecAttached(client, execId, { Tty: true });
  } catch (err) {
    rejectUpgrade(socket, isApiError(err) ? err.statusCode : 502, err instanceof Error ? err.message : String(err));
    return;
  }
  // The browser's side gone (before the exec started, ws refused the handshake, the WebSocket closed): so is the exec's stream.
  if (socket.destroyed) return void daemon.destroy();
  socket.once('close', () => daemon.destroy());
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    // Backpressure both ways: a flood of output waits for a slow browser, typing for the exec.
    daemon.on('data', (b: Buffer) => {
      ws.send(b, { binary: true }, () => {
        if (ws.bufferedAmount < LOW_WATER) daemon.resume();
      });
      if (ws.bufferedAmount > HIGH_WATER) daemon.pause();
    });
    daemon.on('drain', () => ws.resume());
    daemon.on('end', () => ws.close(1000, 'exec ended'));
    daemon.on('error', () => ws.close(1011, 'exec stream failed'));
    ws.on('message', (data: RawData) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (!daemon.write(bytes)) ws.pause();
    });
  });
}
