/**
 * `/ws/exec/{execId}`: starts the exec hijacked, as `wharf exec -it` does, and
 * bridges it to a WebSocket: binary frames both ways are the terminal's bytes
 * (with `Tty: true` there is no stdcopy framing to undo).
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { ApiClient } from '../../client/client.js';
import { startExecAttached } from '../../client/exec.js';
import { isApiError } from '../../client/errors.js';

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
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    daemon.on('data', (b: Buffer) => ws.send(b, { binary: true }));
    daemon.on('end', () => ws.close(1000, 'exec ended'));
    daemon.on('error', () => ws.close(1011, 'exec stream failed'));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      daemon.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    ws.on('close', () => daemon.destroy());
  });
}
