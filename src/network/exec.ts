/** Running the host's networking tools (ip, iptables, unshare, CNI plugins). */
import { execFile } from 'node:child_process';
import { internal } from '../errdefs/index.js';

/** The daemon may be started with a PATH lacking the sbin directories these tools live in. */
export const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run a program to completion; never throws for a non-zero exit (callers decide what it means). */
export function runTool(file: string, args: readonly string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: { PATH: TOOL_PATH, ...opts.env }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        // A string code (ENOENT…) means the program never ran; a null one, that a signal ended it.
        if (typeof err?.code === 'string') {
          reject(internal(`${file}: ${err.message}`, err));
          return;
        }
        resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 128) : 0 });
      },
    );
    // A program that exits without reading its input must not crash the daemon with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

/** Run a program that must succeed; its stderr becomes the error. */
export async function mustRun(file: string, args: readonly string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
  const r = await runTool(file, args, opts);
  if (r.code !== 0) throw internal(`${file} ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}
