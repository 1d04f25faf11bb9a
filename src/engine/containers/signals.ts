/** Signal names and numbers as Docker accepts them (`SIGTERM`, `TERM`, `15`, `RTMIN+3`). */
import { constants } from 'node:os';
import { invalidArgument } from '../../errdefs/index.js';

const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Linux signal number; 400 `Invalid signal: x` otherwise. */
export function parseSignal(raw: string): number {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n === 0 || n > SIGRTMAX) throw invalidArgument(`Invalid signal: ${raw}`);
    return n;
  }
  const name = raw.toUpperCase().replace(/^SIG/, '');
  const known = (constants.signals as Record<string, number | undefined>)['SIG' + name];
  if (known !== undefined) return known;
  const rt = /^RT(MIN|MAX)([+-]\d+)?$/.exec(name);
  if (rt) {
    const n = (rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX) + Number(rt[2] ?? 0);
    if (n >= SIGRTMIN && n <= SIGRTMAX) return n;
  }
  throw invalidArgument(`Invalid signal: ${raw}`);
}

/** The name Docker puts in event attributes and messages. */
export function signalName(n: number): string {
  for (const [name, num] of Object.entries(constants.signals)) if (num === n) return name;
  return String(n);
}
