/** How `run` and `create` report failures: docker's withHelp text and toStatusError exit codes. */
import { errorText, StatusError } from './errors.js';

/** `wharf: <error>` and the help hint; exit 125, or 126/127 when the message says the command could not be run. */
export function runError(command: 'run' | 'create', err: unknown): StatusError {
  const text = errorText(err);
  return new StatusError(exitCodeFor(text), `wharf: ${text}\n\nRun 'wharf ${command} --help' for more information`);
}

/** 127: the command was not found; 126: it could not be run; 125: anything else the daemon refused. */
export function exitCodeFor(text: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(text)) return 127;
  if (/permission denied|is a directory/.test(text)) return 126;
  return 125;
}
