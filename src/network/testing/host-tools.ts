/**
 * For the network tests: commands inside a sandbox's netns, and a host snapshot
 * so a test can remove exactly what it added (bridges, veths, mounts, iptables
 * chains and rules) and prove nothing is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { runTool, mustRun } from '../exec.js';

/** Run to completion inside a netns (bounded by `timeoutSec`). */
export function inNetns(key: string, args: readonly string[], timeoutSec = 10): Promise<{ code: number; stdout: string; stderr: string }> {
  return runTool('timeout', [String(timeoutSec), 'nsenter', `--net=${key}`, ...args]);
}

/** `GET /` over plain TCP with busybox nc (this host's static busybox wget crashes resolving even a literal IP). */
export async function httpGet(key: string, host: string, port: number): Promise<string> {
  const r = await runTool('timeout', ['5', 'nsenter', `--net=${key}`, 'busybox', 'nc', '-w', '2', host, String(port)], { input: 'GET / HTTP/1.0\r\n\r\n' });
  const body = r.stdout.indexOf('\r\n\r\n');
  return r.stdout.startsWith('HTTP/1.1 200') && body >= 0 ? r.stdout.slice(body + 4) : '';
}

/** A long-running process inside a netns; the caller kills it. */
export function spawnInNetns(key: string, args: readonly string[]): ChildProcess {
  return spawn('nsenter', [`--net=${key}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

export interface HostSnapshot {
  chains: Set<string>;
  rules: Set<string>;
}

function savedLines(text: string): { chains: string[]; rules: string[] } {
  const chains: string[] = [];
  const rules: string[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith(':')) chains.push(`${table} ${line.slice(1).split(' ')[0]}`);
    else if (line.startsWith('-A ')) rules.push(`${table} ${line.slice(3)}`);
  }
  return { chains, rules };
}

export async function snapshotHost(): Promise<HostSnapshot> {
  const { chains, rules } = savedLines(await mustRun('iptables-save', []));
  return { chains: new Set(chains), rules: new Set(rules) };
}

/** iptables rules and chains present now and not in `before`. */
export async function addedSince(before: HostSnapshot): Promise<{ chains: string[]; rules: string[] }> {
  const now = savedLines(await mustRun('iptables-save', []));
  return { chains: now.chains.filter((c) => !before.chains.has(c)), rules: now.rules.filter((r) => !before.rules.has(r)) };
}

/**
 * Take back the rules this test added (they carry its own tag). ip_forward stays on,
 * as Docker leaves it: a daemon in another test file may be relying on it right now.
 */
export async function restoreHost(before: HostSnapshot, prefix: string): Promise<void> {
  const added = await addedSince(before);
  const mine = (r: string): boolean => r.includes(`wharf:${prefix}:`);
  // The shared WHARF-/CNI- chains stay: a daemon starting in another test file may be adding
  // to them right now. The test runner sweeps them once every daemon is gone.
  const rulesToDrop = added.rules.filter(mine);
  const script: string[] = [];
  for (const table of ['filter', 'nat']) {
    const rules = rulesToDrop.filter((r) => r.startsWith(`${table} `)).map((r) => `-D ${r.slice(table.length + 1)}`);
    if (rules.length > 0) script.push(`*${table}`, ...rules, 'COMMIT');
  }
  if (script.length > 0) await mustRun('iptables-restore', ['--wait', '--noflush'], { input: script.join('\n') + '\n' });
}

interface IpLink {
  ifname: string;
  master?: string;
  link_type?: string;
}

/** Bridges named with `prefix` and veths enslaved to them. */
export async function linksOf(prefix: string): Promise<string[]> {
  const links = JSON.parse(await mustRun('ip', ['-j', 'link', 'show'])) as IpLink[];
  return links.filter((l) => l.ifname.startsWith(prefix) || l.master?.startsWith(prefix)).map((l) => l.ifname);
}

export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m.startsWith(dir + '/'));
}
