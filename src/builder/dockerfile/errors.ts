import { WharfError, isWharfError } from '../../errdefs/index.js';

/**
 * A Dockerfile the user wrote wrong. It is an invalid-argument error (HTTP 400
 * at the API edge) that also says which lines are at fault, so the builder can
 * print the `Dockerfile:LINE` excerpt Docker shows.
 */
export class DockerfileError extends WharfError {
  readonly startLine: number;
  readonly endLine: number;

  constructor(message: string, startLine: number, endLine = startLine, cause?: unknown) {
    super('invalid-argument', message, { cause });
    this.name = 'DockerfileError';
    this.startLine = startLine;
    this.endLine = Math.max(startLine, endLine);
  }
}

/** Attaches a location to an error raised while its line was being handled. */
export function atLines(err: unknown, startLine: number, endLine = startLine): DockerfileError {
  if (err instanceof DockerfileError) return err;
  return new DockerfileError(messageOf(err), startLine, endLine, err);
}

/** The error instructions.Parse reports for a bad instruction: Docker's `dockerfile parse error on line N: …`. */
export function instructionError(err: unknown, startLine: number, endLine: number): DockerfileError {
  return new DockerfileError(`dockerfile parse error on line ${startLine}: ${messageOf(err)}`, startLine, endLine, err);
}

function messageOf(err: unknown): string {
  if (isWharfError(err) || err instanceof Error) return err.message;
  return String(err);
}
