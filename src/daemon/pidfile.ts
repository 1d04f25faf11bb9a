/**
 * One daemon per exec root: a second wharfd on the same roots would fight the
 * first over runc state and mounts, so it refuses to start, as dockerd does.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { conflict, errnoCode } from '../errdefs/index.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
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
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw conflict(`pid file found, ensure wharfd is not running or delete ${path} (pid ${pid})`);
      }
      // A daemon that was killed left its pid file behind: take over.
      await rm(path, { force: true });
    }
  }
  throw conflict(`could not create pid file ${path}`);
}
