/**
 * Starts a real wharfd on a private data root, exec root and socket, and runs
 * the real `docker` CLI and `wharf` against it. Every test file gets its own
 * daemon, so files never see each other's containers; teardown removes every
 * container, mount and directory the daemon made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cniName } from '../../src/network/cni-config.js';
import { cleanupNetwork } from './network.js';
import { waitFor } from './wait.js';

// dist/test/support → the repository root
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WHARF_BIN = join(repo, 'bin', 'wharf');
export const WHARFD_BIN = join(repo, 'bin', 'wharfd');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 + 9 : 1), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

export class Daemon {
  private proc: ChildProcess | undefined;
  readonly env: Record<string, string>;
  /** Names this daemon's bridges and tags its firewall rules: never `wharf`, never another test daemon's. */
  readonly bridgePrefix = `wd${randomBytes(2).toString('hex')}`;
  /**
   * The default bridge's subnet, a random /24 of 10.240–10.254: test daemons start
   * side by side, and two picking "the first free /16" at once would pick the same.
   */
  readonly bip = `10.${240 + randomBytes(1)[0]! % 15}.${randomBytes(1)[0]}.1/24`;

  private constructor(readonly root: string) {
    this.env = { DOCKER_HOST: `unix://${this.socket}`, WHARF_HOST: `unix://${this.socket}`, DOCKER_CLI_HINTS: 'false' };
  }

  readonly wharfBin = WHARF_BIN;

  get socket(): string {
    return join(this.root, 'exec', 'wharf.sock');
  }
  get dataRoot(): string {
    return join(this.root, 'data');
  }
  get execRoot(): string {
    return join(this.root, 'exec');
  }

  /** A fresh daemon with busybox:latest bootstrapped. Short paths: conmon's socket paths must fit in 108 bytes. */
  static async start(opts: { bootstrap?: boolean } = {}): Promise<Daemon> {
    const d = new Daemon(await mkdtemp('/tmp/wt-'));
    await d.spawn();
    if (opts.bootstrap !== false) {
      const r = await d.wharf(['image', 'bootstrap', 'busybox']);
      if (r.code !== 0) throw new Error(`bootstrap failed: ${r.stderr}`);
    }
    return d;
  }

  /** `bip: null` starts without --bip (the default bridge's address is then the daemon's choice); another string replaces it. */
  async spawn(opts: { bip?: string | null } = {}): Promise<void> {
    const bip = opts.bip === undefined ? this.bip : opts.bip;
    const args = ['--data-root', this.dataRoot, '--exec-root', this.execRoot, '--bridge-prefix', this.bridgePrefix, ...(bip ? ['--bip', bip] : []), '--log-level', 'warn'];
    const proc = spawn(process.execPath, [WHARFD_BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.proc = proc;
    const log: Buffer[] = [];
    proc.stderr?.on('data', (b: Buffer) => log.push(b));
    const state = await waitFor(async () => ((await this.ping()) ? 'up' : proc.exitCode !== null ? 'exited' : undefined), {
      what: 'wharfd to answer /_ping',
      timeoutMs: 20_000,
      intervalMs: 50,
    }).catch(() => 'silent');
    if (state !== 'up') throw new Error(`wharfd did not come up: ${Buffer.concat(log).toString()}`);
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request({ socketPath: this.socket, path: '/_ping' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
  }

  docker(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return run('docker', args, { ...opts, env: { ...this.env, ...opts.env } });
  }

  /** bin/wharf as a user runs it: on Bun when installed, on Node with WHARF_CLI_RUNTIME=node (both lanes, docs/architecture.md). */
  wharf(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return run(WHARF_BIN, args, { ...opts, env: { ...this.env, ...opts.env } });
  }

  /** SIGKILL the daemon: what a crash looks like. Containers must survive it. */
  async crash(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stopDaemon(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** The daemon's exit code once it exits by itself (after a reset), within `timeoutMs`. */
  async exited(timeoutMs = 30_000): Promise<number | null> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('wharfd did not exit')), timeoutMs)));
    try {
      return await Promise.race([new Promise<number | null>((r) => proc.once('exit', (code) => r(code))), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(sig);
    await exited;
  }

  /** portmap's names for this daemon's networks, from the records on disk (so a crashed daemon's count too). */
  async cniNames(): Promise<string[]> {
    const files = await readdir(join(this.dataRoot, 'networks')).catch(() => []);
    return files.filter((f) => f.endsWith('.json')).map((f) => cniName(f.slice(0, -'.json'.length)));
  }

  /** Remove every container and network, stop the daemon, undo every mount and network device under the root, delete the root. */
  async destroy(): Promise<void> {
    const cniNames = await this.cniNames();
    if (await this.ping()) {
      const ids = (await this.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
      if (ids.length) await this.docker(['rm', '-f', ...ids]);
      await this.docker(['network', 'prune', '-f']);
    }
    await this.stopDaemon();
    await killStrays(this.root);
    await unmountUnder(this.root);
    await cleanupNetwork(this.bridgePrefix, cniNames);
    await rm(this.root, { recursive: true, force: true });
  }
}

/** conmon and container processes still tied to this root after a failed test. */
async function killStrays(root: string): Promise<void> {
  const ps = await run('ps', ['-eo', 'pid=,args=']);
  for (const line of ps.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m && m[2]?.includes(root) && /conmon/.test(m[2])) {
      try {
        process.kill(Number(m[1]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await run('runc', ['--root', join(root, 'exec', 'runc'), 'list', '-q']).then(async (r) => {
    for (const id of r.stdout.split('\n').filter(Boolean)) await run('runc', ['--root', join(root, 'exec', 'runc'), 'delete', '-f', id]);
  });
}

/** Lazily unmount everything at or below `root`, deepest first. */
export async function unmountUnder(root: string): Promise<void> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const targets = info
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((t): t is string => !!t && (t === root || t.startsWith(root + '/')))
    .sort((a, b) => b.length - a.length);
  for (const t of targets) await run('umount', ['-l', t]);
}
