/** Typed calls for `/containers/{id}/exec` and `/exec/…`. */
import type { Socket } from 'node:net';
import type { ExecCreateRequest, ExecInspect, ExecStartRequest } from '../apitypes/containers.js';
import type { ApiClient } from './client.js';

const enc = encodeURIComponent;

export function createExec(c: ApiClient, container: string, body: ExecCreateRequest): Promise<{ Id: string }> {
  return c.json('POST', `/containers/${enc(container)}/exec`, { body });
}

/** Starts an exec without attaching (`Detach: true`). */
export async function startExecDetached(c: ApiClient, id: string, body: ExecStartRequest = {}): Promise<void> {
  await c.call('POST', `/exec/${enc(id)}/start`, { body: { ...body, Detach: true } });
}

/** Starts an exec attached: the hijacked connection carries its stdio. */
export function startExecAttached(c: ApiClient, id: string, body: ExecStartRequest): Promise<Socket> {
  return c.hijack('POST', `/exec/${enc(id)}/start`, { body: { ...body, Detach: false } });
}

export async function resizeExec(c: ApiClient, id: string, height: number, width: number): Promise<void> {
  await c.call('POST', `/exec/${enc(id)}/resize`, { query: { h: height, w: width } });
}

export function inspectExec(c: ApiClient, id: string): Promise<ExecInspect> {
  return c.json('GET', `/exec/${enc(id)}/json`);
}
