/**
 * A Runtime without processes, for tests that must not need root: containers
 * are records on a `FakeHost`, their behaviour comes from their argv
 * (`programOf`), and a test can push them further: make a process exit, hold
 * creates (a slow start), make the next create fail. The host outlives a
 * runtime, as runc state and conmon do: a new FakeRuntime over the same host is
 * a restarted daemon that finds what the old one left running.
 *
 * The runtime contract test (`contract.ts` beside this file) runs the same
 * scenarios on this fake and on ConmonRuntime, so the two do not drift.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ContainerTopResponse } from '../../apitypes/containers.js';
import { conflict, notFound, notImplemented, unavailable } from '../../errdefs/index.js';
import { StartFailure, type StartFailureReason } from '../errors.js';
import { signalNumber } from '../signals.js';
import { serializeSpec } from '../spec.js';
import type { AttachOptions, CreateOptions, ExecSession, ExitStatus, Runtime, RuntimeState, RuntimeStats, RuntimeStatus, StdioSession } from '../types.js';
import { endsProgram, programOf, type FakeProgram } from './fake-programs.js';

const SIGKILL = 9;

/** One container as runc and conmon would keep it. */
export interface FakeContainer {
  readonly id: string;
  readonly bundle: string;
  readonly args: string[];
  readonly program: FakeProgram;
  status: RuntimeStatus;
  pid: number;
  /** Conmon's exit file: set once the process ended, kept until delete. */
  exit?: ExitStatus;
  /** Every signal sent to it, in order, whether or not it ended the process. */
  readonly signals: number[];
  /** What happened while frozen, applied at resume. */
  pendingExit?: number;
  timer?: NodeJS.Timeout;
}

interface Waiter {
  runtime: FakeRuntime;
  resolve(s: ExitStatus): void;
  reject(e: Error): void;
}

/** What survives a daemon restart: the containers and their exits. */
export class FakeHost {
  readonly containers = new Map<string, FakeContainer>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private nextPid = 1000;
  private createHold?: { entered: (id: string) => void; released: Promise<void> };
  private createFailures: StartFailureReason[] = [];

  /** The process ends by itself (a crash, or the command finishing) with `code`. */
  exit(id: string, code: number): void {
    const c = this.containers.get(id);
    if (!c || c.status === 'stopped') return;
    if (c.status === 'paused') {
      c.pendingExit ??= code;
      return;
    }
    clearTimeout(c.timer);
    c.status = 'stopped';
    c.pid = 0;
    c.exit = { exitCode: code, exitedAt: new Date(), oomKilled: false };
    this.settle(c);
  }

  /** End of the test: no process timer may keep it alive. */
  stopAll(): void {
    for (const c of this.containers.values()) clearTimeout(c.timer);
  }

  /** Hold every create until release(): the engine sits inside start meanwhile. `entered` names the first held container. */
  holdCreates(): { entered: Promise<string>; release(): void } {
    let entered!: (id: string) => void;
    let release!: () => void;
    const reached = new Promise<string>((r) => (entered = r));
    this.createHold = { entered, released: new Promise<void>((r) => (release = r)) };
    return {
      entered: reached,
      release: () => {
        this.createHold = undefined;
        release();
      },
    };
  }

  /** The next create fails as runc fails for this reason. */
  failNextCreate(reason: StartFailureReason): void {
    this.createFailures.push(reason);
  }

  /** @internal for FakeRuntime.create */
  async enterCreate(id: string): Promise<StartFailureReason | undefined> {
    const hold = this.createHold;
    if (hold) {
      hold.entered(id);
      await hold.released;
    }
    return this.createFailures.shift();
  }

  /** @internal */
  newPid(): number {
    return this.nextPid++;
  }

  /** @internal */
  addWaiter(id: string, w: Waiter): () => void {
    let set = this.waiters.get(id);
    if (!set) this.waiters.set(id, (set = new Set()));
    set.add(w);
    const c = this.containers.get(id);
    if (c?.exit) this.settle(c);
    return () => set.delete(w);
  }

  /** @internal runtime.close(): its waiters stop waiting. */
  dropWaiters(runtime: FakeRuntime): void {
    for (const set of this.waiters.values()) {
      for (const w of set) {
        if (w.runtime !== runtime) continue;
        set.delete(w);
        w.reject(unavailable('runtime closed'));
      }
    }
  }

  private settle(c: FakeContainer): void {
    const set = this.waiters.get(c.id);
    this.waiters.delete(c.id);
    for (const w of set ?? []) w.resolve(c.exit as ExitStatus);
  }
}

export class FakeRuntime implements Runtime {
  constructor(readonly host: FakeHost = new FakeHost()) {}

  private get(id: string): FakeContainer {
    const c = this.host.containers.get(id);
    if (!c) throw notFound(`No such container: ${id}`);
    return c;
  }

  private live(id: string): FakeContainer {
    const c = this.get(id);
    if (c.status === 'stopped') throw conflict(`Container ${id} is not running`);
    return c;
  }

  async create(id: string, opts: CreateOptions): Promise<{ pid: number }> {
    if (this.host.containers.has(id)) throw new StartFailure(`OCI runtime create failed: container with id exists: ${id}`, 'other');
    await writeFile(join(opts.bundleDir, 'config.json'), serializeSpec(opts.spec));
    const args = opts.spec.process?.args ?? [];
    const program = programOf(args);
    const failure = await this.host.enterCreate(id);
    if (failure) throw new StartFailure(`OCI runtime create failed: fake runtime told to fail (${failure})`, failure);
    if (program.notFound !== undefined) {
      const text = `runc create failed: unable to start container process: exec: "${program.notFound}": executable file not found in $PATH`;
      throw new StartFailure(`OCI runtime create failed: ${text}`, 'executable-not-found');
    }
    const c: FakeContainer = { id, bundle: opts.bundleDir, args, program, status: 'created', pid: this.host.newPid(), signals: [] };
    this.host.containers.set(id, c);
    return { pid: c.pid };
  }

  async start(id: string): Promise<void> {
    const c = this.get(id);
    if (c.status !== 'created') throw conflict(`cannot start a container that is ${c.status}`);
    c.status = 'running';
    const { exitAfterMs, exitCode } = c.program;
    if (exitAfterMs !== undefined) c.timer = setTimeout(() => this.host.exit(id, exitCode), exitAfterMs);
  }

  async kill(id: string, signal: number | string): Promise<void> {
    const c = this.live(id);
    const n = signalNumber(signal);
    c.signals.push(n);
    if (!endsProgram(c.program, n)) return;
    // A frozen process dies only once thawed, SIGKILL included (cgroup v1 freezer).
    if (c.status === 'paused') c.pendingExit ??= 128 + n;
    else this.host.exit(id, 128 + n);
  }

  async pause(id: string): Promise<void> {
    const c = this.live(id);
    if (c.status === 'paused') throw conflict(`Container ${id} is already paused`);
    if (c.status !== 'running') throw conflict(`Container ${id} is not running`);
    c.status = 'paused';
  }

  async resume(id: string): Promise<void> {
    const c = this.get(id);
    if (c.status !== 'paused') throw conflict(`Container ${id} is not paused`);
    c.status = 'running';
    if (c.pendingExit !== undefined) this.host.exit(id, c.pendingExit);
  }

  async delete(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const c = this.host.containers.get(id);
    if (!c) return;
    if (c.status !== 'stopped') {
      // As runc: a created container is killed without asking, a running or paused one only when forced.
      if (!opts.force && c.status !== 'created') {
        throw conflict(`You cannot remove a running container ${id}. Stop the container before attempting removal or force remove`);
      }
      c.status = 'running';
      this.host.exit(id, 128 + SIGKILL);
    }
    clearTimeout(c.timer);
    this.host.containers.delete(id);
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    const c = this.host.containers.get(id);
    return c && { status: c.status, pid: c.status === 'stopped' ? 0 : c.pid, bundle: c.bundle };
  }

  waitExit(id: string, opts: { signal?: AbortSignal } = {}): Promise<ExitStatus> {
    opts.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const remove = this.host.addWaiter(id, { runtime: this, resolve, reject });
      opts.signal?.addEventListener(
        'abort',
        () => {
          remove();
          reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
        },
        { once: true },
      );
    });
  }

  /** Stdio with nothing on it: the fake's processes write no output; it ends when the process does. */
  async attach(id: string, opts: AttachOptions): Promise<StdioSession> {
    const c = this.live(id);
    const output = new PassThrough({ objectMode: true });
    const stdin = opts.stdin ? new PassThrough() : undefined;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      output.end();
      stdin?.destroy();
    };
    void this.waitExit(c.id).then(close, close);
    return { stdin, output, close };
  }

  async closeStdin(id: string): Promise<void> {
    this.live(id);
  }

  async resize(id: string): Promise<void> {
    this.live(id);
  }

  async exec(): Promise<ExecSession> {
    throw notImplemented('the fake runtime runs no exec sessions');
  }

  async update(id: string): Promise<void> {
    this.live(id);
  }

  async stats(): Promise<RuntimeStats> {
    throw notImplemented('the fake runtime keeps no statistics');
  }

  async pids(id: string): Promise<number[]> {
    const c = this.live(id);
    return [c.pid];
  }

  async top(id: string): Promise<ContainerTopResponse> {
    const c = this.live(id);
    return { Titles: ['PID', 'CMD'], Processes: [[String(c.pid), c.args.join(' ')]] };
  }

  close(): void {
    this.host.dropWaiters(this);
  }
}
