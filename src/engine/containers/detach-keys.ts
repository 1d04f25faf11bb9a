/**
 * Detach keys: Docker's `--detach-keys` syntax (`ctrl-p,ctrl-q`, `a,ctrl-x`,
 * `DEL`) and the stdin scanner that spots the sequence. Bytes that might begin
 * the sequence are held back until it is clear they do not, then passed on.
 */
import { invalidArgument } from '../../errdefs/index.js';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

const CTRL_KEYS = '@abcdefghijklmnopqrstuvwxyz[\\]^_';

/** Parse the key list; Docker's 400 `Invalid detach keys (x) provided` when a key is unknown. */
export function parseDetachKeys(spec: string): Buffer {
  const codes: number[] = [];
  for (const key of spec.split(',')) {
    if (key.length === 1) {
      codes.push(key.charCodeAt(0));
      continue;
    }
    const ctrl = key.startsWith('ctrl-') && key.length === 6 ? CTRL_KEYS.indexOf(key[5] as string) : -1;
    if (ctrl >= 0) codes.push(ctrl);
    else if (key === 'DEL') codes.push(127);
    else throw invalidArgument(`Invalid detach keys (${spec}) provided`);
  }
  return Buffer.from(codes);
}

export interface ScanResult {
  /** What to pass on to the process now. */
  data: Buffer;
  /** The whole sequence was typed: pass `data` on, then detach. */
  detached: boolean;
}

export class DetachScanner {
  /** How many bytes of the sequence have been seen (and held back). */
  private matched = 0;

  constructor(private readonly keys: Buffer) {}

  feed(chunk: Buffer): ScanResult {
    if (this.keys.length === 0) return { data: chunk, detached: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) {
          this.matched = 0;
          return { data: Buffer.from(out), detached: true };
        }
        continue;
      }
      // The held bytes were not the sequence after all: release them, and let this byte start a new match.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i] as number);
      this.matched = 0;
      if (byte === this.keys[0]) this.matched = 1;
      else out.push(byte);
    }
    return { data: Buffer.from(out), detached: false };
  }
}
