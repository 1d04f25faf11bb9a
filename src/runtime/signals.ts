/**
 * Signal names as Docker accepts them: `SIGTERM`, `TERM`, `term` or `15`.
 */
import { constants } from 'node:os';
import { invalidArgument } from '../errdefs/index.js';

const SIGNALS = constants.signals as Record<string, number>;

export function signalNumber(signal: number | string): number {
  if (typeof signal === 'number' || /^\d+$/.test(signal)) {
    const n = Number(signal);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw invalidArgument(`Invalid signal: ${signal}`);
    return n;
  }
  const upper = signal.trim().toUpperCase();
  const n = SIGNALS[upper.startsWith('SIG') ? upper : 'SIG' + upper];
  if (n === undefined) throw invalidArgument(`Invalid signal: ${signal}`);
  return n;
}
