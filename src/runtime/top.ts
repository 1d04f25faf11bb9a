/**
 * `docker top`: run the host's ps with the user's arguments and keep the rows
 * whose PID belongs to the container, exactly as Docker does (moby
 * daemon/top_unix.go): the PID column is found by its title.
 */
import { execFile } from 'node:child_process';
import { internal, invalidArgument } from '../errdefs/index.js';
import type { ContainerTopResponse } from '../apitypes/containers.js';

export function parsePsOutput(output: string, pids: readonly number[]): ContainerTopResponse {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) throw invalidArgument(`Couldn't find PID field in ps output`);
  const wanted = new Set(pids);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    // The last column (the command) may contain spaces: it takes the rest of the line.
    const row = fields.length > titles.length ? [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')] : fields;
    const pid = Number(row[pidIndex]);
    if (!Number.isInteger(pid)) throw internal(`Unexpected pid '${row[pidIndex]}': invalid ps output`);
    if (wanted.has(pid)) processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}

export function runPs(psArgs: string | undefined, pids: readonly number[], timeoutMs: number): Promise<ContainerTopResponse> {
  const args = (psArgs && psArgs.trim() !== '' ? psArgs : '-ef').trim().split(/\s+/);
  return new Promise((resolve, reject) => {
    execFile('ps', args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(invalidArgument(`Error running ps: ${(stderr || err.message).trim()}`));
      try {
        resolve(parsePsOutput(stdout, pids));
      } catch (e) {
        reject(e);
      }
    });
  });
}
