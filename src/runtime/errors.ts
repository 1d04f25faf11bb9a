/**
 * Why runc could not start a process. Docker maps these to the exit codes a
 * shell would give: 127 when the executable is missing, 126 when it cannot be
 * executed; the engine reads `reason` instead of parsing messages.
 */
import { WharfError } from '../errdefs/index.js';

export type StartFailureReason = 'executable-not-found' | 'permission-denied' | 'other';

export class StartFailure extends WharfError {
  readonly reason: StartFailureReason;

  constructor(message: string, reason: StartFailureReason) {
    // Docker answers 400 for a command that cannot run, 500 for everything else.
    super(reason === 'other' ? 'internal' : 'invalid-argument', message);
    this.reason = reason;
    this.name = 'StartFailure';
  }

  /** The exit code Docker records for the container: 127, 126, or 128 for anything else. */
  get exitCode(): number {
    if (this.reason === 'executable-not-found') return 127;
    if (this.reason === 'permission-denied') return 126;
    return 128;
  }
}

export function isStartFailure(err: unknown): err is StartFailure {
  return err instanceof StartFailure;
}

/** Classify a runc error text such as `exec: "nosuch": executable file not found in $PATH`. */
export function classifyRuncError(message: string): StartFailureReason {
  if (/executable file not found|no such file or directory/i.test(message)) return 'executable-not-found';
  if (/permission denied|is a directory/i.test(message)) return 'permission-denied';
  return 'other';
}
