/**
 * Registries for ship tests and the bench, each on a free loopback port under a
 * fresh directory: Wharf's own (`wharf registry serve`, a process of its own) and
 * Debian's reference registry (`docker-registry`, distribution 2.8) with its own
 * config, never its systemd service. Both can require basic auth (bcrypt htpasswd).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { WHARF_BIN } from './daemon.js';

export const REFERENCE_REGISTRY_BIN = '/usr/bin/docker-registry';
export const hasReferenceRegistry = (): boolean => existsSync(REFERENCE_REGISTRY_BIN);

export interface User {
  username: string;
  password: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function htpasswd(dir: string, user: User): Promise<string> {
  // bcryptjs is already Wharf's dependency (the server checks htpasswd with it).
  const bcrypt = createRequire(import.meta.url)('bcryptjs') as { hashSync(s: string, rounds: number): string };
  const path = join(dir, 'htpasswd');
  await writeFile(path, `${user.username}:${bcrypt.hashSync(user.password, 10)}\n`);
  return path;
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) break;
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (r) => r.status === 200 || r.status === 401,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`registry on ${port} did not come up: ${log()}`);
}

export class TestRegistry {
  private constructor(
    readonly host: string,
    readonly root: string,
    private readonly proc: ChildProcess,
  ) {}

  /** `wharf registry serve` on 127.0.0.1:<free port>; with `bearer`, tokens from its own /token endpoint, as Docker Hub's flow. */
  static async wharf(o: { user?: User; bearer?: boolean } = {}): Promise<TestRegistry> {
    const dir = await mkdtemp('/tmp/wreg-');
    const port = await freePort();
    const args = [WHARF_BIN, 'registry', 'serve', '--addr', `127.0.0.1:${port}`, '--root', join(dir, 'storage')];
    if (o.user) args.push('--htpasswd', await htpasswd(dir, o.user));
    if (o.user && o.bearer) args.push('--token-realm', 'self');
    return TestRegistry.launch(process.execPath, args, port, dir);
  }

  /** Debian's docker-registry with a config of our own. */
  static async reference(o: { user?: User } = {}): Promise<TestRegistry> {
    const dir = await mkdtemp('/tmp/rreg-');
    const port = await freePort();
    const auth = o.user ? `auth:\n  htpasswd:\n    realm: test\n    path: ${await htpasswd(dir, o.user)}\n` : '';
    const config = `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, 'storage')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${auth}`;
    await writeFile(join(dir, 'config.yml'), config);
    return TestRegistry.launch(REFERENCE_REGISTRY_BIN, ['serve', join(dir, 'config.yml')], port, dir);
  }

  private static async launch(cmd: string, args: string[], port: number, dir: string): Promise<TestRegistry> {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const log: Buffer[] = [];
    proc.stderr?.on('data', (b: Buffer) => log.push(b));
    const r = new TestRegistry(`127.0.0.1:${port}`, dir, proc);
    try {
      await waitForPort(port, proc, () => Buffer.concat(log).toString());
    } catch (err) {
      await r.stop();
      throw err;
    }
    return r;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
    await rm(this.root, { recursive: true, force: true });
  }
}
