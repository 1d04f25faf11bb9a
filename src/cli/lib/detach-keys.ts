/**
 * Detach keys (`ctrl-p,ctrl-q` by default): parsing as moby/term.ToBytes does,
 * and spotting the sequence in typed input as moby/term's escape proxy does —
 * a partial match is held back until the next byte shows it was not a detach.
 */
import { invalidArgument } from '../../errdefs/index.js';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

const CTRL = ['@', ...'abcdefghijklmnopqrstuvwxyz', '[', '\\', ']', '^', '_'];

export function parseDetachKeys(keys: string): Buffer {
  const codes: number[] = [];
  for (const key of keys.split(',')) {
    if (key.length === 1) {
      codes.push(key.charCodeAt(0));
      continue;
    }
    const ctrl = key.startsWith('ctrl-') ? CTRL.indexOf(key.slice(5)) : -1;
    if (ctrl >= 0) codes.push(ctrl);
    else if (key === 'DEL') codes.push(127);
    else throw invalidArgument(`invalid detach keys (${keys}): Unknown character: '${key}'`);
  }
  return Buffer.from(codes);
}

export class EscapeDetector {
  private matched = 0;

  constructor(private readonly keys: Buffer) {}

  /** The bytes to forward, and whether the sequence completed (input after it is dropped). */
  push(chunk: Buffer): { forward: Buffer; detached: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detached: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detached: true };
        continue;
      }
      // Not a detach after all: release what was held back, then look at b afresh.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i]!);
      this.matched = b === this.keys[0] ? 1 : 0;
      if (this.matched === 0) out.push(b);
      else if (this.keys.length === 1) return { forward: Buffer.from(out), detached: true };
    }
    return { forward: Buffer.from(out), detached: false };
  }
}
