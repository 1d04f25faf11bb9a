/**
 * `docker exec` through conmon: `conmon --exec --exec-process-spec` runs
 * `runc exec --detach` under its own monitor. With --exec-attach conmon opens
 * the attach socket first and waits on the start pipe, so we are connected
 * before the process can write anything. The sync pipe then carries the pid
 * and, when the process ends, its exit code.
 *
 * Each session lives in `<execRoot>/exec/<execId>/` (process.json, attach
 * socket, ctl fifo, exit file), removed when the process has exited.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Process } from '../oci/runtime-spec.js';
import { attachSession, connectAttachSocket } from './attach.js';
import { replaceFile, resizeViaCtl } from './bundle-files.js';
import { ConmonLaunch, conmonFailureText } from './conmon.js';
import { StartFailure, classifyRuncError } from './errors.js';
import { UNKNOWN_EXIT_CODE, readExitFile } from './exit-watcher.js';
import { runcErrorMessage } from './runc.js';
import type { ExecOptions, ExecSession, ExitStatus, StdioSession } from './types.js';

export interface ExecContext {
  conmonPath: string;
  runcPath: string;
  runcRoot: string;
  conmonLogLevel: string;
  timeoutMs: number;
  execDir: string;
}

export async function startExec(ctx: ExecContext, id: string, execId: string, proc: Process, opts: ExecOptions): Promise<ExecSession> {
  const dir = ctx.execDir;
  const attach = !opts.detach;
  await mkdir(dir, { recursive: true });
  const spec: Process = { ...proc, terminal: opts.tty, ...(opts.tty && opts.consoleSize ? { consoleSize: opts.consoleSize } : {}) };
  await replaceFile(join(dir, 'process.json'), JSON.stringify(spec));

  const args = [
    '--api-version', '1',
    '-c', id,
    '-u', execId,
    '-n', execId,
    '-r', ctx.runcPath,
    '--runtime-arg', `--root=${ctx.runcRoot}`,
    '-b', dir,
    '-p', join(dir, 'pidfile'),
    '-l', 'none',
    '--exit-dir', dir,
    '--exec',
    '--exec-process-spec', join(dir, 'process.json'),
    '--full-attach',
    '--log-level', ctx.conmonLogLevel,
    ...(opts.tty ? ['-t'] : []),
    ...(attach && opts.stdin ? ['-i'] : []),
    ...(attach ? ['--exec-attach'] : []),
  ];
  const launch = new ConmonLaunch({ conmonPath: ctx.conmonPath, args, cwd: dir, attachPipes: attach });
  let stdio: StdioSession | undefined;
  try {
    if (attach && launch.attach) {
      launch.proceed();
      const ready = await launch.attach.next(ctx.timeoutMs);
      if (ready.data < 0) throw failure(conmonFailureText(ready));
      const sock = await connectAttachSocket(join(dir, 'attach'), ctx.timeoutMs);
      stdio = attachSession(sock, { stdin: opts.stdin, stdout: true, stderr: true });
      launch.proceed();
    }
    const started = await launch.sync.next(ctx.timeoutMs);
    if (started.data <= 0) throw failure(conmonFailureText(started));
    const exited = waitForExit(launch, join(dir, id)).finally(() => {
      launch.close();
      void rm(dir, { recursive: true, force: true });
    });
    // The caller may not look at `exited` (detached exec): never let it reject unhandled.
    exited.catch(() => undefined);
    const ctl = join(dir, 'ctl');
    if (opts.tty && opts.consoleSize) await resizeViaCtl(ctl, opts.consoleSize).catch(() => undefined);
    return { pid: started.data, stdio, resize: (size) => resizeViaCtl(ctl, size), exited };
  } catch (err) {
    stdio?.close();
    launch.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** conmon may relay runc's raw log line (`time=… level=error msg="…"`): callers get only runc's message. */
function failure(conmonText: string): StartFailure {
  const text = runcErrorMessage(conmonText);
  return new StartFailure(`OCI runtime exec failed: ${text}`, classifyRuncError(text));
}

/** conmon's second sync message; if the pipe breaks first, the exit file it writes in the session dir. */
async function waitForExit(launch: ConmonLaunch, exitFile: string): Promise<ExitStatus> {
  try {
    const msg = await launch.sync.next(0);
    return { exitCode: msg.data < 0 ? UNKNOWN_EXIT_CODE : msg.data, exitedAt: new Date(), oomKilled: false };
  } catch {
    const exit = await readExitFile(exitFile);
    return { exitCode: exit?.code ?? UNKNOWN_EXIT_CODE, exitedAt: exit?.at ?? new Date(), oomKilled: false };
  }
}
