/**
 * bcrypt compares on worker threads, so a flood of logins cannot stall the
 * event loop that serves everyone else. Waiting compares are taken round-robin
 * across client addresses, and within an address across user names: a flood
 * from one address delays another address's login by about one compare per
 * flooding address, and another user's on the same address by about two. The
 * queue is bounded; past it, 429.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { registryError } from '../errors.js';

interface CompareJob {
  password: string;
  hash: string;
}

interface Job extends CompareJob {
  resolve(ok: boolean): void;
  reject(err: unknown): void;
}

/*
 * The worker is this plain CommonJS script, not a module file, so it starts the
 * same way however the server was launched (compiled, under tsx, from `node -e`),
 * with no Node flags to pass on. A malformed hash matches nothing.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptjs);
parentPort.on('message', (job) => {
  let ok = false;
  try { ok = bcrypt.compareSync(job.password, job.hash); } catch {}
  parentPort.postMessage(ok);
});
`;
const BCRYPTJS = createRequire(import.meta.url).resolve('bcryptjs');
const MAX_QUEUED = 1024;

/** One core is left to the event loop, which still parses, routes and streams blobs. */
export function defaultPoolSize(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** The first queue's first job; re-inserting moves that queue to the back of the round. */
function takeRound(queues: Map<string, Job[]>): Job {
  const [key, queue] = queues.entries().next().value as [string, Job[]];
  const job = queue.shift() as Job;
  queues.delete(key);
  if (queue.length > 0) queues.set(key, queue);
  return job;
}

export class BcryptPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  /** Waiting jobs per address, then per user; Map order is the round-robin order at both levels. */
  private readonly queues = new Map<string, Map<string, Job[]>>();
  private queued = 0;
  private closed = false;

  constructor(
    private readonly size = defaultPoolSize(),
    private readonly maxQueued = MAX_QUEUED,
  ) {}

  /** Start the workers now, so the first logins do not wait for threads to boot (a third of a second each on a busy host). */
  warm(): void {
    while (!this.closed && this.idle.length + this.busy.size < this.size) this.idle.push(this.spawn());
  }

  compare(password: string, hash: string, address: string, user: string): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('bcrypt pool closed'));
    if (this.queued >= this.maxQueued) return Promise.reject(registryError('TOOMANYREQUESTS', { headers: { 'Retry-After': '1' } }));
    return new Promise((resolve, reject) => {
      const users = this.queues.get(address) ?? new Map<string, Job[]>();
      const queue = users.get(user) ?? [];
      queue.push({ password, hash, resolve, reject });
      users.set(user, queue);
      this.queues.set(address, users);
      this.queued++;
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const users of this.queues.values()) for (const queue of users.values()) for (const job of queue) job.reject(new Error('bcrypt pool closed'));
    this.queues.clear();
    this.queued = 0;
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queued > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      worker.ref();
      const job = this.next();
      this.busy.set(worker, job);
      worker.postMessage({ password: job.password, hash: job.hash } satisfies CompareJob);
    }
  }

  private next(): Job {
    const [address, users] = this.queues.entries().next().value as [string, Map<string, Job[]>];
    const job = takeRound(users);
    this.queued--;
    this.queues.delete(address);
    if (users.size > 0) this.queues.set(address, users);
    return job;
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { bcryptjs: BCRYPTJS } });
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (ok: boolean) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      job?.resolve(ok);
      this.pump();
    });
    const lost = (err: unknown): void => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      job?.reject(err);
      if (!this.closed) this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`bcrypt worker exited with code ${code}`)));
    return worker;
  }
}
