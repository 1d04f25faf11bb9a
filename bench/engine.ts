/**
 * The engine without a CLI in front: `run --rm busybox true` as the API calls a
 * client makes (create, wait for removal, start), a fleet of detached
 * containers started the same way, and the CLI's own start-up. Separates what
 * the daemon costs from what starting a Node (or Go) client process costs.
 */
import { Agent, request } from 'node:http';
import type { Daemon } from '../test/support/daemon.js';

type Say = (k: string, v: string) => void;
type Timer = (n: number, fn: () => Promise<void>) => Promise<number>;

function api(wharf: Daemon, agent: Agent, method: string, path: string, body?: unknown): Promise<{ Id?: string; StatusCode?: number } | undefined> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
    const req = request({ socketPath: wharf.socket, agent, method, path: `/v1.47${path}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text === '' ? undefined : (JSON.parse(text) as { Id?: string }));
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

export async function benchEngine(wharf: Daemon, runs: number, fleet: number, medianOf: Timer, say: Say, runcMs: number): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  try {
    const apiRun = await medianOf(runs, async () => {
      const created = await api(wharf, agent, 'POST', '/containers/create', { Image: 'busybox', Cmd: ['true'], HostConfig: { AutoRemove: true } });
      const id = created?.Id ?? '';
      const removed = api(wharf, agent, 'POST', `/containers/${id}/wait?condition=removed`);
      await api(wharf, agent, 'POST', `/containers/${id}/start`);
      const status = await removed;
      if (status?.StatusCode !== 0) throw new Error(`container exited ${status?.StatusCode}`);
    });
    say('API run --rm (no CLI process) median', `${apiRun.toFixed(1)} ms  (${(apiRun / runcMs).toFixed(2)}x runc)`);

    const ids: string[] = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < fleet; i += 5) {
      const batch = Array.from({ length: Math.min(5, fleet - i) }, async () => {
        const id = (await api(wharf, agent, 'POST', '/containers/create', { Image: 'busybox', Cmd: ['sleep', '600'] }))?.Id ?? '';
        await api(wharf, agent, 'POST', `/containers/${id}/start`);
        ids.push(id);
      });
      await Promise.all(batch);
    }
    say(`API start ${fleet} detached (no CLI process)`, `${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`);
    await Promise.all(ids.map((id) => api(wharf, agent, 'DELETE', `/containers/${id}?force=1`)));
  } finally {
    agent.destroy();
  }
  const startup = await medianOf(runs, async () => {
    const r = await wharf.wharf(['--version']);
    if (r.code !== 0) throw new Error(`wharf --version failed: ${r.stderr}`);
  });
  say('wharf CLI start-up (--version) median', `${startup.toFixed(1)} ms`);
}
