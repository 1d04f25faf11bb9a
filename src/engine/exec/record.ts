/** One exec session as the engine tracks it (Docker keeps these in memory only). */
import type { ExecSession } from '../../runtime/index.js';

export interface ExecRecord {
  id: string;
  containerId: string;
  cmd: string[];
  env: string[];
  user: string;
  workingDir: string;
  tty: boolean;
  privileged: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  detachKeys: string;
  consoleSize?: [number, number] | null;
  started: boolean;
  running: boolean;
  exitCode: number | null;
  pid: number;
  session?: ExecSession;
}
