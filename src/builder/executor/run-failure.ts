import { DockerfileError } from '../dockerfile/errors.js';

/**
 * A RUN whose container could not start or whose command failed: reported with
 * Docker's message (and the command's exit code, when it ran), never with a line
 * prefix.
 */
export class RunFailure extends DockerfileError {
  constructor(
    message: string,
    readonly exitCode?: number,
  ) {
    super(message, 0);
    this.name = 'RunFailure';
  }
}
