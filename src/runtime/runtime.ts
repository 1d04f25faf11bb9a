/**
 * The Runtime: runc for container lifecycle, one conmon per container as the
 * shim that owns its stdio, log file and exit status. conmon is not our child
 * (it double-forks), so containers survive a daemon crash or restart and a
 * new daemon picks them up through runc state and conmon's exit files.
 */
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, isNotFound, notFound } from '../errdefs/index.js';
import type { ContainerTopResponse } from '../apitypes/containers.js';
import type { LinuxResources, Process } from '../oci/runtime-spec.js';
import { attachSession, connectAttachSocket } from './attach.js';
import { replaceFile, resizeViaCtl } from './bundle-files.js';
import { ConmonLaunch, conmonFailureText } from './conmon.js';
import { StartFailure, classifyRuncError } from './errors.js';
import { startExec } from './exec.js';
import { ExitWatcher } from './exit-watcher.js';
import { cutSize } from './log-rotation.js';
import { RuntimePaths } from './paths.js';
import { Runc, runcErrorMessage } from './runc.js';
import { signalNumber } from './signals.js';
import { serializeSpec } from './spec.js';
import { cgroupPids, readStats, type CgroupPaths } from './stats.js';
import { runPs } from './top.js';
import type {
  AttachOptions,
  CreateOptions,
  ExecOptions,
  ExecSession,
  ExitStatus,
  Runtime,
  RuntimeOptions,
  RuntimeState,
  RuntimeStats,
  StdioSession,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const MONITOR_POLL_MS = 10;

/**
 * Is `pid` a live conmon? A recycled pid running something else does not
 * count, nor does a zombie: conmon is reparented to init, which may take its
 * time to reap it.
 */
async function isConmon(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return stat.slice(stat.indexOf('(') + 1, close) === 'conmon' && stat.charAt(close + 2) !== 'Z';
  } catch {
    return false;
  }
}

async function readPid(path: string): Promise<number | undefined> {
  try {
    const n = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

export class ConmonRuntime implements Runtime {
  private readonly paths: RuntimePaths;
  private readonly runc: Runc;
  private readonly exits: ExitWatcher;
  private readonly runcPath: string;
  private readonly conmonPath: string;
  private readonly logLevel: string;
  private readonly timeoutMs: number;
  /** Bundle dir per container, to find conmon's attach socket and ctl fifo without asking runc. */
  private readonly bundles = new Map<string, string>();

  constructor(opts: RuntimeOptions) {
    this.paths = new RuntimePaths(opts.execRoot);
    this.runcPath = opts.runcPath ?? '/usr/sbin/runc';
    this.conmonPath = opts.conmonPath ?? '/usr/bin/conmon';
    this.logLevel = opts.conmonLogLevel ?? 'error';
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runc = new Runc({ runcPath: this.runcPath, root: this.paths.runcRoot, timeoutMs: this.timeoutMs });
    this.exits = new ExitWatcher({
      exitDir: this.paths.exitDir,
      oomKilled: (id) => access(this.paths.oomFile(id)).then(
        () => true,
        () => false,
      ),
      monitorAlive: async (id) => {
        const pid = await readPid(this.paths.conmonPidFile(id)).catch(() => undefined);
        return pid === undefined ? undefined : isConmon(pid);
      },
    });
  }

  async create(id: string, opts: CreateOptions): Promise<{ pid: number }> {
    const dir = this.paths.containerDir(id);
    await Promise.all([mkdir(dir, { recursive: true }), mkdir(this.paths.exitDir, { recursive: true })]);
    await Promise.all([
      rm(this.paths.exitFile(id), { force: true }),
      rm(this.paths.oomFile(id), { force: true }),
      rm(join(dir, 'exit'), { force: true }),
      replaceFile(join(opts.bundleDir, 'config.json'), serializeSpec(opts.spec)),
    ]);
    const args = [
      '--api-version', '1',
      '-c', id,
      '-u', id,
      '-n', id,
      '-r', this.runcPath,
      '--runtime-arg', `--root=${this.paths.runcRoot}`,
      '--runtime-arg', '--log-format=json',
      '--runtime-arg', `--log=${this.paths.runcLog(id)}`,
      '-b', opts.bundleDir,
      '-p', this.paths.containerPidFile(id),
      '-l', opts.logPath ? `k8s-file:${opts.logPath}` : 'none',
      '--exit-dir', this.paths.exitDir,
      '--persist-dir', dir,
      '--conmon-pidfile', this.paths.conmonPidFile(id),
      '--full-attach',
      '--no-sync-log',
      '--log-level', this.logLevel,
      ...(opts.tty ? ['-t'] : []),
      ...(opts.openStdin ? ['-i'] : []),
      ...(opts.openStdin && !opts.stdinOnce ? ['--leave-stdin-open'] : []),
      ...(opts.logRotation ? ['--log-size-max', String(cutSize(opts.logRotation))] : []),
    ];
    const launch = new ConmonLaunch({ conmonPath: this.conmonPath, args, cwd: dir, attachPipes: false });
    try {
      const msg = await launch.sync.next(this.timeoutMs);
      if (msg.data <= 0) {
        // conmon relays runc's stderr; runc's own log is the fallback when that was empty.
        const text = msg.message?.trim() || (await this.lastRuncError(id)) || conmonFailureText(msg);
        throw new StartFailure(`OCI runtime create failed: ${text}`, classifyRuncError(text));
      }
      this.bundles.set(id, opts.bundleDir);
      return { pid: msg.data };
    } catch (err) {
      await this.abandonCreate(id);
      throw err;
    } finally {
      launch.close();
    }
  }

  /** Undo a failed create: a stuck conmon (timeout) is killed, taking its runc child with it (PDEATHSIG). */
  private async abandonCreate(id: string): Promise<void> {
    const pid = await readPid(this.paths.conmonPidFile(id)).catch(() => undefined);
    if (pid !== undefined && (await isConmon(pid))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await this.runc.run(id, ['delete', '--force', id]).catch(() => undefined);
    await rm(this.paths.containerDir(id), { recursive: true, force: true });
  }

  private async lastRuncError(id: string): Promise<string> {
    return runcErrorMessage(await readFile(this.paths.runcLog(id), 'utf8').catch(() => ''));
  }

  async start(id: string): Promise<void> {
    await this.runc.run(id, ['start', id]);
  }

  async kill(id: string, signal: number | string, all = false): Promise<void> {
    await this.runc.run(id, ['kill', ...(all ? ['--all'] : []), id, String(signalNumber(signal))]);
  }

  async pause(id: string): Promise<void> {
    await this.runc.run(id, ['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.runc.run(id, ['resume', id]);
  }

  async delete(id: string, opts: { force?: boolean } = {}): Promise<void> {
    try {
      await this.runc.run(id, ['delete', ...(opts.force ? ['--force'] : []), id]);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    // conmon writes its exit files just after the container dies; let it finish before removing them.
    await this.waitMonitorGone(id);
    await Promise.all([rm(this.paths.containerDir(id), { recursive: true, force: true }), rm(this.paths.exitFile(id), { force: true })]);
    this.bundles.delete(id);
  }

  private async waitMonitorGone(id: string): Promise<void> {
    const pid = await readPid(this.paths.conmonPidFile(id)).catch(() => undefined);
    if (pid === undefined) return;
    const deadline = Date.now() + this.timeoutMs;
    while ((await isConmon(pid)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, MONITOR_POLL_MS));
    }
  }

  state(id: string): Promise<RuntimeState | undefined> {
    return this.runc.state(id);
  }

  waitExit(id: string, opts: { signal?: AbortSignal } = {}): Promise<ExitStatus> {
    return this.exits.wait(id, opts.signal);
  }

  private async bundleOf(id: string): Promise<string> {
    const known = this.bundles.get(id);
    if (known) return known;
    const st = await this.runc.state(id);
    if (!st) throw notFound(`No such container: ${id}`);
    this.bundles.set(id, st.bundle);
    return st.bundle;
  }

  async attach(id: string, opts: AttachOptions): Promise<StdioSession> {
    const sock = await connectAttachSocket(join(await this.bundleOf(id), 'attach'), this.timeoutMs);
    return attachSession(sock, opts);
  }

  async closeStdin(id: string): Promise<void> {
    const session = await this.attach(id, { stdin: true, stdout: false, stderr: false });
    await new Promise<void>((resolve) => session.stdin?.end(resolve));
    session.close();
  }

  async resize(id: string, size: { height: number; width: number }): Promise<void> {
    await resizeViaCtl(join(await this.bundleOf(id), 'ctl'), size);
  }

  async exec(id: string, execId: string, process: Process, opts: ExecOptions): Promise<ExecSession> {
    return startExec(
      {
        conmonPath: this.conmonPath,
        runcPath: this.runcPath,
        runcRoot: this.paths.runcRoot,
        conmonLogLevel: this.logLevel,
        timeoutMs: this.timeoutMs,
        execDir: this.paths.execDir(execId),
      },
      id,
      execId,
      process,
      opts,
    );
  }

  async update(id: string, resources: LinuxResources): Promise<void> {
    await this.runc.run(id, ['update', '--resources', '-', id], JSON.stringify(resources));
  }

  /** runc's record of the container: its cgroup directories and init pid. */
  private async runcRecord(id: string): Promise<{ cgroups: CgroupPaths; pid: number }> {
    try {
      const st = JSON.parse(await readFile(join(this.paths.runcRoot, id, 'state.json'), 'utf8')) as {
        cgroup_paths?: CgroupPaths;
        init_process_pid?: number;
      };
      return { cgroups: st.cgroup_paths ?? {}, pid: st.init_process_pid ?? 0 };
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw notFound(`No such container: ${id}`);
      throw err;
    }
  }

  async stats(id: string): Promise<RuntimeStats> {
    const rec = await this.runcRecord(id);
    const pids = await cgroupPids(rec.cgroups);
    // The init pid is only meaningful while it is still in the container's cgroup.
    return readStats(rec.cgroups, pids.includes(rec.pid) ? rec.pid : 0);
  }

  async pids(id: string): Promise<number[]> {
    return cgroupPids((await this.runcRecord(id)).cgroups);
  }

  async top(id: string, psArgs?: string): Promise<ContainerTopResponse> {
    return runPs(psArgs, await this.pids(id), this.timeoutMs);
  }

  /** Stop watching for exits (daemon shutdown). Containers and their conmons keep running. */
  close(): void {
    this.exits.close();
  }
}
