/**
 * Start-up cleanup after a crash or an unclean stop: everything a container that
 * no longer runs left behind — its netns, its endpoints' leases and port rules —
 * goes, through CNI DEL where the plugins own the state; leases and port rules
 * that no record mentions (a crash in the middle of an attach) too. Running containers'
 * sandboxes are left exactly as they are.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../errdefs/index.js';
import { logger } from '../util/logger.js';
import { cniDel } from './cni.js';
import { PORTMAP, cniName, confList } from './cni-config.js';
import { mustRun } from './exec.js';
import type { Sandboxes } from './sandboxes.js';
import type { NetworkRecord } from './types.js';

const log = logger('network');

export interface ReconcileDeps {
  sandboxes: Sandboxes;
  networks: readonly NetworkRecord[];
  ipamDir: string;
  cniPath: string;
  network(id: string): NetworkRecord | undefined;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
}

function recorded(d: ReconcileDeps, networkId: string, containerId: string, ifName?: string): boolean {
  const sb = d.sandboxes.get(containerId);
  return Boolean(sb?.endpoints.some((e) => e.networkId === networkId && (ifName === undefined || e.ifName === ifName)));
}

/** host-local leases (files named by IP holding `<container id>\r\n<ifname>`) no sandbox record accounts for. */
async function staleLeases(d: ReconcileDeps, byCni: Map<string, NetworkRecord>): Promise<void> {
  for (const dir of await listDir(d.ipamDir)) {
    const net = byCni.get(dir);
    if (!net) {
      await rm(join(d.ipamDir, dir), { recursive: true, force: true });
      continue;
    }
    for (const f of await listDir(join(d.ipamDir, dir))) {
      if (f === 'lock' || f.startsWith('last_reserved_ip')) continue;
      const [containerId = '', ifName = 'eth0'] = (await readFile(join(d.ipamDir, dir, f), 'utf8')).split(/\r?\n/).map((s) => s.trim());
      if (recorded(d, net.id, containerId, ifName)) continue;
      const rt = { containerId, netns: '', ifName, runtimeConfig: {} };
      await cniDel(d.cniPath, confList(net, d.ipamDir, []), rt, undefined).catch((err: unknown) => log.warn('releasing lease', { ip: f, err: String(err) }));
    }
  }
}

/**
 * portmap chains (comment `dnat name: "<net>" id: "<container>"`) of endpoints no record holds.
 * `orphans` are CNI names whose lease directory this daemon holds but whose record is gone (a
 * wiped data root): their rules are this daemon's too, though no record says so any more.
 */
async function stalePortRules(d: ReconcileDeps, byCni: Map<string, NetworkRecord>, orphans: ReadonlySet<string>): Promise<void> {
  const saved = await mustRun('iptables-save', ['-t', 'nat']);
  const seen = new Set<string>();
  for (const m of saved.matchAll(/dnat name: \\"(wharf-[0-9a-f]{12})\\" id: \\"([^"\\]+)\\"/g)) {
    const name = m[1]!;
    const net = byCni.get(name);
    const containerId = m[2]!;
    if ((!net && !orphans.has(name)) || seen.has(`${name}/${containerId}`) || (net && recorded(d, net.id, containerId))) continue;
    seen.add(`${name}/${containerId}`);
    const rt = { containerId, netns: '', ifName: 'eth0', runtimeConfig: { portMappings: [] } };
    await cniDel(d.cniPath, { name, plugins: [PORTMAP] }, rt, undefined).catch((err: unknown) => log.warn('removing port rules', { err: String(err) }));
  }
}

export async function reconcileLeftovers(keep: ReadonlySet<string>, d: ReconcileDeps): Promise<void> {
  for (const sb of d.sandboxes.all()) {
    if (keep.has(sb.containerId)) continue;
    await d.sandboxes.destroy(sb.containerId, (id) => d.network(id)).catch((err: unknown) => log.warn('removing sandbox', { container: sb.containerId, err: String(err) }));
  }
  const byCni = new Map(d.networks.filter((n) => n.bridge).map((n) => [cniName(n.id), n]));
  const orphans = new Set((await listDir(d.ipamDir)).filter((n) => !byCni.has(n)));
  await staleLeases(d, byCni);
  await stalePortRules(d, byCni, orphans);
}
