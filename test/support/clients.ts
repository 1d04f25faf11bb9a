/**
 * Most behaviour must hold through both clients: the real docker CLI and wharf.
 * `bothClients` runs one test body once per client against the same daemon.
 */
import { after, before, test } from 'node:test';
import { Daemon, type RunOptions, type RunResult } from './daemon.js';

export type Cli = (args: string[], opts?: RunOptions) => Promise<RunResult>;
export const CLIENTS = ['docker', 'wharf'] as const;
export type ClientName = (typeof CLIENTS)[number];

export function cli(d: Daemon, name: ClientName): Cli {
  return name === 'docker' ? (a, o) => d.docker(a, o) : (a, o) => d.wharf(a, o);
}

export function bothClients(name: string, daemon: () => Daemon, body: (c: Cli, client: ClientName) => Promise<void>): void {
  for (const client of CLIENTS) {
    test(`${name} [${client}]`, () => body(cli(daemon(), client), client));
  }
}

/** Asserting helper: the command must succeed; returns trimmed stdout. */
export async function ok(c: Cli, args: string[], opts?: RunOptions): Promise<string> {
  const r = await c(args, opts);
  if (r.code !== 0) throw new Error(`\`${args.join(' ')}\` exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * One daemon for a whole test file: started before its tests, destroyed after
 * them; `use` keeps it (in the file's `d`).
 */
export function daemonForFile(use: (d: Daemon) => void): void {
  let started: Daemon | undefined;
  before(async () => {
    started = await Daemon.start();
    use(started);
  });
  after(async () => {
    await started?.destroy();
  });
}
