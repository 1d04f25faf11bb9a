/** Host processes as a test sees them: a container's processes, and waiting for them to end. */
import { readFile } from 'node:fs/promises';
import { waitFor } from './wait.js';

/** `/proc/<pid>/stat` split after the command name (which may hold spaces): state, ppid, … */
async function statFields(pid: number): Promise<string[] | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Alive and not a zombie. */
async function isRunning(pid: number): Promise<boolean> {
  const f = await statFields(pid);
  return f !== undefined && f[0] !== 'Z';
}

/**
 * A container's first process (the pid `inspect` reports; 0 when none) and its
 * conmon, the parent that records the exit code and then exits.
 */
export async function containerProcesses(pid: number): Promise<number[]> {
  if (pid <= 0) return [];
  const ppid = Number((await statFields(pid))?.[1]);
  const comm = await readFile(`/proc/${ppid}/comm`, 'utf8').catch(() => '');
  return comm.trim() === 'conmon' ? [pid, ppid] : [pid];
}

/** Wait until none of `pids` runs any more. */
export async function waitGone(pids: number[], what: string): Promise<void> {
  await waitFor(async () => (await Promise.all(pids.map(isRunning))).every((up) => !up), { what });
}
