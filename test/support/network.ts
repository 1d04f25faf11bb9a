/**
 * A test daemon's networking footprint on the host: bridges and veths named
 * with its bridge prefix, iptables rules tagged with it (or naming its
 * networks), netns files under its exec root. Used to prove nothing is left
 * and to remove whatever a failed test left.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { linksOf } from '../../src/network/testing/host-tools.js';
import { mustRun, runTool } from '../../src/network/exec.js';

/** Short network ids → the names portmap's rule comments carry (`wharf-<id12>`). */
function mentionsOurs(line: string, prefix: string, cniNames: readonly string[]): boolean {
  return line.includes(`wharf:${prefix}:`) || cniNames.some((n) => line.includes(`\\"${n}\\"`));
}

/** iptables and ip6tables: dual-stack networks have rules in both. */
const FAMILIES = [
  { save: 'iptables-save', restore: 'iptables-restore' },
  { save: 'ip6tables-save', restore: 'ip6tables-restore' },
] as const;
type Tools = (typeof FAMILIES)[number];

export async function networkLeftovers(prefix: string, execRoot: string, cniNames: readonly string[]): Promise<string[]> {
  const out = (await linksOf(prefix)).map((l) => `link ${l}`);
  for (const tools of FAMILIES) {
    for (const line of (await mustRun(tools.save, [])).split('\n')) {
      if (line.startsWith('-A ') && mentionsOurs(line, prefix, cniNames)) out.push(`rule ${line}`);
    }
  }
  const netns = await readdir(join(execRoot, 'network', 'netns')).catch(() => []);
  return [...out, ...netns.map((n) => `netns ${n}`)];
}

/** Remove links and rules a killed daemon or failed test left (mounts go with the root's unmount). */
export async function cleanupNetwork(prefix: string, cniNames: readonly string[]): Promise<void> {
  for (const l of await linksOf(prefix)) await runTool('ip', ['link', 'del', 'dev', l]);
  for (const tools of FAMILIES) await cleanupRules(prefix, cniNames, tools);
}

async function cleanupRules(prefix: string, cniNames: readonly string[], tools: Tools): Promise<void> {
  const byTable = new Map<string, { rules: string[]; chains: Set<string> }>();
  let table = '';
  for (const line of (await mustRun(tools.save, [])).split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    if (!line.startsWith('-A ') || !mentionsOurs(line, prefix, cniNames)) continue;
    const t = byTable.get(table) ?? { rules: [], chains: new Set<string>() };
    byTable.set(table, t);
    t.rules.push(`-D ${line.slice(3)}`);
    // portmap's per-container chains (CNI-DN-…) go with the rule that jumps to them.
    const jump = / -j (CNI-DN-[0-9a-f]+)/.exec(line)?.[1];
    if (jump) t.chains.add(jump);
  }
  await restore(byTable, tools);
}

async function restore(byTable: Map<string, { rules: string[]; chains: Set<string> }>, tools: Tools): Promise<void> {
  // Every chain is flushed before any is deleted: shared chains jump to each other.
  const script = [...byTable].flatMap(([name, t]) => [`*${name}`, ...t.rules, ...[...t.chains].map((c) => `-F ${c}`), ...[...t.chains].map((c) => `-X ${c}`), 'COMMIT']);
  if (script.length > 0) await runTool(tools.restore, ['--wait', '--noflush'], { input: script.join('\n') + '\n' });
}

/**
 * The chains every Wharf daemon shares (WHARF-*) and portmap's (CNI-HOSTPORT-*) go
 * with their hooks once nobody has rules in them: no daemon's tagged rule, no
 * CNI port mapping left on the host. Only once every daemon of a run is gone (the
 * test runner's and the bench's last step): a daemon starting beside a sweep could
 * lose the chain portmap is just adding to.
 */
export async function sweepSharedChains(): Promise<void> {
  for (const tools of FAMILIES) await sweepFamily(tools);
}

async function sweepFamily(tools: Tools): Promise<void> {
  const saved = await mustRun(tools.save, []);
  const families = [
    { chain: /^WHARF-/, inUse: /wharf:[a-z0-9]+:/ },
    { chain: /^CNI-HOSTPORT-/, inUse: /dnat name: / },
  ].filter((f) => !f.inUse.test(saved));
  const byTable = new Map<string, { rules: string[]; chains: Set<string> }>();
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    const t = byTable.get(table) ?? { rules: [], chains: new Set<string>() };
    if (line.startsWith(':')) {
      const chain = line.slice(1).split(' ')[0] ?? '';
      if (families.some((f) => f.chain.test(chain))) t.chains.add(chain);
    } else if (line.startsWith('-A ')) {
      const [from = '', ...rest] = line.slice(3).split(' ');
      const jump = / -j ([A-Z0-9-]+)/.exec(line)?.[1] ?? '';
      // Hooks from the built-in chains; rules inside the shared chains go with their flush.
      if (!families.some((f) => f.chain.test(from)) && families.some((f) => f.chain.test(jump))) t.rules.push(`-D ${from} ${rest.join(' ')}`);
    }
    if (t.rules.length > 0 || t.chains.size > 0) byTable.set(table, t);
  }
  await restore(byTable, tools);
}
