/**
 * Wharf's own iptables rules, per bridge rather than per container (Docker's
 * layout): forwarding accepts, isolation between networks, masquerading, and the
 * DNS port on user networks. Per-container rules would cost an iptables-nft run
 * (~40 ms here) on every start; these change only when a network does.
 *
 * The rules are declarative: the wanted set is computed from the network records,
 * compared with `iptables-save`, and the difference applied in one atomic
 * `iptables-restore --noflush`. Every per-network rule carries the comment
 * `wharf:<prefix>:<bridge>`, so a daemon removes only its own; the shared chains
 * and their hooks (comment `wharf`) stay, as CNI's own chains do.
 */
import { internal } from '../errdefs/index.js';
import { mustRun, runTool } from './exec.js';
import type { NetworkRecord } from './types.js';

type Table = 'filter' | 'nat';

/** iptables (4) or ip6tables (6): the same chains and per-bridge rules in each, IPv6 ones for dual-stack networks only. */
export type Family = 4 | 6;

export const CHAINS: Record<Table, Array<{ chain: string; hook?: string }>> = {
  filter: [
    { chain: 'WHARF-FORWARD', hook: 'FORWARD' },
    { chain: 'WHARF-INPUT', hook: 'INPUT' },
    { chain: 'WHARF-ISOLATION-1' },
    { chain: 'WHARF-ISOLATION-2' },
  ],
  nat: [{ chain: 'WHARF-POSTROUTING', hook: 'POSTROUTING' }],
};

/** ip6tables has one more: WHARF-OUTPUT keeps ::1 out of portmap's DNAT (the daemon's loopback proxy serves it). */
const CHAINS6: Record<Table, Array<{ chain: string; hook?: string }>> = {
  filter: CHAINS.filter,
  nat: [...CHAINS.nat, { chain: 'WHARF-OUTPUT', hook: 'OUTPUT' }],
};

export function chainsOf(family: Family): Record<Table, Array<{ chain: string; hook?: string }>> {
  return family === 6 ? CHAINS6 : CHAINS;
}

/** The iptables-save/-restore pair of a family. */
export function tools(family: Family): { save: string; restore: string } {
  return family === 6 ? { save: 'ip6tables-save', restore: 'ip6tables-restore' } : { save: 'iptables-save', restore: 'iptables-restore' };
}

export interface Rule {
  table: Table;
  /** The rule exactly as iptables-save prints it, without `-A`. */
  spec: string;
  /** Must come first in its chain (hooks, the isolation jump). */
  first?: boolean;
}

export interface Ruleset {
  chains: Record<Table, Set<string>>;
  rules: Record<Table, string[]>;
}

export function parseSave(text: string): Ruleset {
  const rs: Ruleset = { chains: { filter: new Set(), nat: new Set() }, rules: { filter: [], nat: [] } };
  let table: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      const t = line.slice(1).trim();
      table = t === 'filter' || t === 'nat' ? t : undefined;
    } else if (!table) {
      continue;
    } else if (line.startsWith(':')) {
      rs.chains[table].add(line.slice(1).split(' ')[0] ?? '');
    } else if (line.startsWith('-A ')) {
      rs.rules[table].push(line.slice(3));
    }
  }
  return rs;
}

export function ruleTag(prefix: string, device: string): string {
  return `wharf:${prefix}:${device}`;
}

function baseRules(family: Family): Rule[] {
  const out: Rule[] = [];
  const chains = chainsOf(family);
  for (const table of ['filter', 'nat'] as const) {
    for (const { chain, hook } of chains[table]) {
      if (hook) out.push({ table, spec: `${hook} -m comment --comment wharf -j ${chain}`, first: true });
    }
  }
  out.push({ table: 'filter', spec: 'WHARF-FORWARD -m comment --comment wharf -j WHARF-ISOLATION-1', first: true });
  // IPv6 cannot DNAT to a container from ::1 (the reply to ::1 arrives on a bridge, a martian
  // the kernel drops), so as dockerd, ::1 is left to a userland proxy and never DNATed.
  if (family === 6) out.push({ table: 'nat', spec: 'WHARF-OUTPUT -d ::1/128 -m comment --comment wharf -j ACCEPT' });
  return out;
}

export function networkRules(net: NetworkRecord, prefix: string, dnsPort: number, family: Family = 4): Rule[] {
  const b = net.bridge;
  if (!b || (family === 6 && !b.ipv6)) return [];
  const subnet = family === 6 ? b.ipv6!.subnet : b.subnet;
  const d = b.device;
  const c = `-m comment --comment "${ruleTag(prefix, d)}"`;
  const f = (spec: string): Rule => ({ table: 'filter', spec });
  const rules: Rule[] = [];
  if (net.internal) {
    rules.push(f(`WHARF-ISOLATION-1 -i ${d} ! -o ${d} ${c} -j DROP`), f(`WHARF-ISOLATION-1 ! -i ${d} -o ${d} ${c} -j DROP`));
  } else {
    rules.push(
      f(`WHARF-ISOLATION-1 -i ${d} ! -o ${d} ${c} -j WHARF-ISOLATION-2`),
      f(`WHARF-ISOLATION-2 -o ${d} ${c} -j DROP`),
      f(`WHARF-FORWARD -o ${d} -m conntrack --ctstate RELATED,ESTABLISHED ${c} -j ACCEPT`),
      // Published ports: portmap DNATs, this lets the rewritten packets through a DROP policy.
      f(`WHARF-FORWARD -o ${d} -m conntrack --ctstate DNAT ${c} -j ACCEPT`),
      f(`WHARF-FORWARD -i ${d} ! -o ${d} ${c} -j ACCEPT`),
    );
    if (b.masquerade) rules.push({ table: 'nat', spec: `WHARF-POSTROUTING -s ${subnet} ! -o ${d} ${c} -j MASQUERADE` });
  }
  rules.push(f(`WHARF-FORWARD -i ${d} -o ${d} ${c} -j ${b.icc ? 'ACCEPT' : 'DROP'}`));
  // The embedded DNS server listens on the IPv4 gateway only.
  if (b.dns && family === 4) {
    for (const p of ['udp', 'tcp']) rules.push(f(`WHARF-INPUT -i ${d} -p ${p} -m ${p} --dport ${dnsPort} ${c} -j ACCEPT`));
  }
  return rules;
}

/** The `iptables-restore --noflush` script turning `present` into base + `wanted`, or '' when nothing differs. */
export function planRestore(present: Ruleset, wanted: readonly Rule[], prefix: string, family: Family = 4): string {
  const all = [...baseRules(family), ...wanted];
  const chains = chainsOf(family);
  const mine = `--comment "wharf:${prefix}:`;
  const out: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const lines: string[] = [];
    for (const { chain } of chains[table]) if (!present.chains[table].has(chain)) lines.push(`:${chain} - [0:0]`);
    const have = new Set(present.rules[table]);
    const want = new Set(all.filter((r) => r.table === table).map((r) => r.spec));
    for (const spec of present.rules[table]) if (spec.includes(mine) && !want.has(spec)) lines.push(`-D ${spec}`);
    for (const r of all) {
      if (r.table !== table || have.has(r.spec)) continue;
      const [chain, ...rest] = r.spec.split(' ');
      lines.push(r.first ? `-I ${chain} 1 ${rest.join(' ')}` : `-A ${r.spec}`);
    }
    if (lines.length > 0) out.push(`*${table}`, ...lines, 'COMMIT');
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

/**
 * Bring the host's rules in line with `nets` (this daemon's networks). ip6tables is
 * touched only once some network has IPv6, so a host without it is never asked.
 */
export async function syncRules(nets: readonly NetworkRecord[], prefix: string, dnsPort: number, family: Family = 4): Promise<void> {
  const { save, restore } = tools(family);
  const wanted = nets.flatMap((n) => networkRules(n, prefix, dnsPort, family));
  if (family === 6 && wanted.length === 0) {
    const saved = await runTool(save, []).catch(() => undefined);
    if (!saved || saved.code !== 0 || !saved.stdout.includes(`wharf:${prefix}:`)) return;
  }
  const present = parseSave(await mustRun(save, []));
  const script = planRestore(present, wanted, prefix, family);
  if (script) await mustRun(restore, ['--wait', '--noflush'], { input: script });
}

/**
 * Reset: the `iptables-restore --noflush` scripts that remove this daemon's rules, then the
 * shared chains and their hooks when no other daemon has a rule left in them. The second
 * is separate: should another daemon add a rule meanwhile, deleting its chain fails alone.
 */
export function planTeardown(present: Ruleset, prefix: string, family: Family = 4): { own: string; shared: string } {
  const chainsHere = chainsOf(family);
  const mine = `--comment "wharf:${prefix}:`;
  const own: string[] = [];
  const shared: string[] = [];
  const othersLeft = (['filter', 'nat'] as const).some((t) => present.rules[t].some((spec) => !spec.includes(mine) && /wharf:[a-z0-9]+:/.test(spec)));
  for (const table of ['filter', 'nat'] as const) {
    const ownLines = present.rules[table].filter((spec) => spec.includes(mine)).map((spec) => `-D ${spec}`);
    if (ownLines.length > 0) own.push(`*${table}`, ...ownLines, 'COMMIT');
    if (othersLeft) continue;
    // The hooks, and the shared ::1 rule: both carry the bare `wharf` comment.
    const hooks = present.rules[table].filter((spec) => / -m comment --comment "?wharf"? -j (WHARF-|ACCEPT)/.test(spec)).map((spec) => `-D ${spec}`);
    const chains = chainsHere[table].filter(({ chain }) => present.chains[table].has(chain)).map(({ chain }) => `-X ${chain}`);
    if (hooks.length + chains.length > 0) shared.push(`*${table}`, ...hooks, ...chains, 'COMMIT');
  }
  const script = (lines: string[]): string => (lines.length > 0 ? lines.join('\n') + '\n' : '');
  return { own: script(own), shared: script(shared) };
}

export async function teardownRules(prefix: string, family: Family = 4): Promise<void> {
  const { save, restore } = tools(family);
  const saved = await runTool(save, []).catch(() => undefined);
  // A host without ip6tables has no IPv6 rules of ours to remove.
  if (family === 6 && (!saved || saved.code !== 0)) return;
  if (!saved || saved.code !== 0) throw internal(`${save}: ${saved?.stderr.trim() ?? 'not found'}`);
  const { own, shared } = planTeardown(parseSave(saved.stdout), prefix, family);
  if (own) await mustRun(restore, ['--wait', '--noflush'], { input: own });
  // Rules that are not Wharf's, or a daemon starting meanwhile, keep the shared chains: not an error.
  if (shared) await runTool(restore, ['--wait', '--noflush'], { input: shared });
}
