/**
 * One daemon per exec root: a second wharfd on the same roots would fight the
 * first over runc state and mounts, so it refuses to start, as dockerd does.
 * A pid file names a live daemon only when that pid is a wharfd that is not a
 * zombie: after a kill -9 the pid may linger unreaped or be reused by anything.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { conflict, errnoCode } from '../errdefs/index.js';

/** The process's state letter from /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
function procState(stat: string): string {
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

function isWharfdArgv(cmdline: string): boolean {
  return cmdline.split('\0').some((arg) => basename(arg) === 'wharfd' || arg.endsWith('/daemon/main.js'));
}

async function runningWharfd(pid: number): Promise<boolean> {
  try {
    const [stat, cmdline] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/cmdline`, 'utf8')]);
    const state = procState(stat);
    return state !== 'Z' && state !== 'X' && isWharfdArgv(cmdline);
  } catch (err) {
    // Gone between the two reads, or never there.
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ESRCH') return false;
    throw err;
  }
}

export async function acquirePidFile(path: string): Promise<{ release(): Promise<void> }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && (await runningWharfd(pid))) {
        throw conflict(`pid file found, ensure wharfd is not running or delete ${path} (pid ${pid})`);
      }
      // A daemon that was killed left its pid file behind: take over.
      await rm(path, { force: true });
    }
  }
  throw conflict(`could not create pid file ${path}`);
}
