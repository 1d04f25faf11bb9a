/**
 * How failures reach the user, as docker reports them: daemon errors as
 * `Error response from daemon: …`, flag errors with the usage and exit 125,
 * everything else as its message with exit 1 unless a StatusError says otherwise.
 */
import { isApiError } from '../../client/errors.js';

/** Ends the command with an exit code, printing message (when not empty) to stderr. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
    this.name = 'StatusError';
  }
}

/** The text docker prints for an error: daemon errors get their prefix. */
export function errorText(err: unknown): string {
  if (isApiError(err)) return `Error response from daemon: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Runs op for every target concurrently, prints each success with onDone in
 * argument order, and fails with all error texts (exit 1) if any failed —
 * docker's behaviour for rm, stop, kill, rmi and friends.
 */
export async function forEachTarget<T>(targets: readonly string[], op: (target: string) => Promise<T>, onDone: (target: string, result: T) => void): Promise<void> {
  const results = await Promise.allSettled(targets.map(op));
  const errors: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') onDone(targets[i]!, r.value);
    else errors.push(errorText(r.reason));
  });
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
}
