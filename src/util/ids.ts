import { randomBytes } from 'node:crypto';

/** A new 64-hex-character id, as Docker gives containers and execs. */
export function newId(): string {
  return randomBytes(32).toString('hex');
}

/** The 12-character form Docker prints. */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  return hex.slice(0, 12);
}
