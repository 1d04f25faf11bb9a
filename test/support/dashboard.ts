/**
 * A real `wharf dashboard` for a test daemon, and Debian's chromium driven by
 * playwright-core, for the browser tests and the bench.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { WHARF_BIN, type Daemon } from './daemon.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export interface Dashboard {
  /** The one-time login URL `wharf dashboard` printed. */
  loginUrl: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** `wharf dashboard` against `d` on a free loopback port; resolves once it printed its URL. */
export async function startDashboard(d: Daemon, timeoutMs = 20_000): Promise<Dashboard> {
  const proc = spawn(process.execPath, [WHARF_BIN, 'dashboard', '--addr', '127.0.0.1:0'], { env: { ...process.env, ...d.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wharf dashboard printed no URL within ${timeoutMs} ms: ${out}`)), timeoutMs);
    const look = (b: Buffer): void => {
      out += b.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    proc.stdout!.on('data', look);
    proc.stderr!.on('data', look);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wharf dashboard exited ${code}: ${out}`));
    });
  }).catch(async (err: Error) => {
    await stop();
    throw err;
  });
  return { loginUrl: url, origin: new URL(url).origin, pid: proc.pid!, stop };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
