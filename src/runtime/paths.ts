/**
 * Where one daemon keeps its runtime state below its exec root. Every path is
 * derived from the exec root so that two daemons on one host never share
 * runc state, exit files or conmon sockets.
 *
 *   <execRoot>/runc/                 runc --root
 *   <execRoot>/exits/<id>            conmon --exit-dir: exit code of a container's init
 *   <execRoot>/containers/<id>/      conmon --persist-dir and cwd: conmon.pid, pidfile, oom, runc.log
 *   <execRoot>/exec/<execId>/        one exec session: process.json, attach socket, ctl fifo, exit file
 */
import { join } from 'node:path';

export class RuntimePaths {
  constructor(readonly execRoot: string) {}

  get runcRoot(): string {
    return join(this.execRoot, 'runc');
  }

  get exitDir(): string {
    return join(this.execRoot, 'exits');
  }

  exitFile(id: string): string {
    return join(this.exitDir, id);
  }

  containerDir(id: string): string {
    return join(this.execRoot, 'containers', id);
  }

  conmonPidFile(id: string): string {
    return join(this.containerDir(id), 'conmon.pid');
  }

  containerPidFile(id: string): string {
    return join(this.containerDir(id), 'pidfile');
  }

  oomFile(id: string): string {
    return join(this.containerDir(id), 'oom');
  }

  runcLog(id: string): string {
    return join(this.containerDir(id), 'runc.log');
  }

  execDir(execId: string): string {
    return join(this.execRoot, 'exec', execId);
  }
}
