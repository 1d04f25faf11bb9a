import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkRules, parseSave, planRestore, planTeardown } from './iptables.js';
import type { NetworkRecord } from './types.js';

const net = (device: string, extra: Partial<NetworkRecord> = {}): NetworkRecord => ({
  id: device.padEnd(64, '0'),
  name: device,
  driver: 'bridge',
  created: '',
  builtin: false,
  internal: false,
  attachable: false,
  labels: {},
  options: {},
  ipamOptions: null,
  bridge: { device, subnet: '10.7.0.0/16', gateway: '10.7.0.1', userSubnet: true, dns: true, masquerade: true, icc: true },
  ...extra,
});

/** What iptables-save would print once `script` is applied to an empty host. */
function applied(script: string, start = ''): string {
  const rs = parseSave(start);
  let table = '';
  for (const line of script.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    const t = table as 'filter' | 'nat';
    if (line.startsWith(':')) rs.chains[t].add(line.slice(1).split(' ')[0]!);
    if (line.startsWith('-A ')) rs.rules[t].push(line.slice(3));
    if (line.startsWith('-I ')) {
      const [, chain, , ...rest] = line.split(' ');
      rs.rules[t].unshift(`${chain} ${rest.join(' ')}`);
    }
    if (line.startsWith('-D ')) rs.rules[t] = rs.rules[t].filter((r) => r !== line.slice(3));
  }
  return (['filter', 'nat'] as const)
    .map((t) => [`*${t}`, ...[...rs.chains[t]].map((c) => `:${c} - [0:0]`), ...rs.rules[t].map((r) => `-A ${r}`), 'COMMIT'].join('\n'))
    .join('\n');
}

test('the plan adds chains, hooks and per-bridge rules once, then nothing', () => {
  const wanted = [net('wa'), net('wb', { internal: true })].flatMap((n) => networkRules(n, 'wt', 53));
  const first = planRestore(parseSave(''), wanted, 'wt');
  assert.match(first, /^:WHARF-FORWARD - \[0:0\]$/m);
  assert.match(first, /^-I FORWARD 1 -m comment --comment wharf -j WHARF-FORWARD$/m);
  assert.match(first, /^-A WHARF-POSTROUTING -s 10\.7\.0\.0\/16 ! -o wa -m comment --comment "wharf:wt:wa" -j MASQUERADE$/m);
  assert.doesNotMatch(first, /! -o wb .*MASQUERADE/, 'internal networks do not masquerade');
  assert.match(first, /^-A WHARF-ISOLATION-1 ! -i wb -o wb .* -j DROP$/m);
  assert.equal(planRestore(parseSave(applied(first)), wanted, 'wt'), '');
});

test("removing a network deletes only its rules, never another daemon's", () => {
  const both = [net('wa'), net('wb')].flatMap((n) => networkRules(n, 'wt', 53));
  const other = networkRules(net('xa'), 'wx', 53);
  const withOther = applied(planRestore(parseSave(''), other, 'wx'));
  const host = applied(planRestore(parseSave(withOther), both, 'wt'), withOther);
  const plan = planRestore(parseSave(host), networkRules(net('wa'), 'wt', 53), 'wt');
  const deletes = plan.split('\n').filter((l) => l.startsWith('-D '));
  assert.ok(deletes.length > 0 && deletes.every((l) => l.includes('"wharf:wt:wb"')), plan);
  assert.ok(!plan.includes('-A '), 'nothing re-added');
});

test("teardown deletes this daemon's rules, and the shared chains only once no other daemon uses them", () => {
  const mine = applied(planRestore(parseSave(''), networkRules(net('wa'), 'wt', 53), 'wt'));
  const alone = planTeardown(parseSave(mine), 'wt');
  assert.ok(alone.own.split('\n').filter((l) => l.startsWith('-D ')).every((l) => l.includes('"wharf:wt:wa"')), alone.own);
  assert.match(alone.shared, /^-D FORWARD -m comment --comment wharf -j WHARF-FORWARD$/m);
  assert.match(alone.shared, /^-X WHARF-ISOLATION-2$/m);
  assert.equal(parseSave(applied(alone.own, mine)).rules.filter.filter((r) => r.includes('wharf:wt:')).length, 0);

  const shared = applied(planRestore(parseSave(mine), networkRules(net('xa'), 'wx', 53), 'wx'), mine);
  const beside = planTeardown(parseSave(shared), 'wt');
  assert.ok(!beside.own.includes('wharf:wx:'), beside.own);
  assert.equal(beside.shared, '', 'another daemon still has rules in the shared chains');
});

test('ip6tables: per-bridge rules for dual-stack networks only, MASQUERADE of the IPv6 subnet, ::1 kept from DNAT, all gone at teardown', () => {
  const dual = net('wd', { bridge: { ...net('wd').bridge!, ipv6: { subnet: 'fd00:7::/64', gateway: 'fd00:7::1', userSubnet: true } } });
  assert.deepEqual(networkRules(net('wa'), 'wt', 53, 6), [], 'an IPv4-only network has no IPv6 rules');
  const rules = networkRules(dual, 'wt', 53, 6);
  assert.ok(rules.some((r) => r.table === 'nat' && r.spec.startsWith('WHARF-POSTROUTING -s fd00:7::/64 ! -o wd ')));
  assert.ok(!rules.some((r) => r.spec.includes('--dport 53')), 'the DNS server listens on the IPv4 gateway only');
  const first = planRestore(parseSave(''), rules, 'wt', 6);
  assert.match(first, /:WHARF-OUTPUT - \[0:0\]/);
  assert.match(first, /-I OUTPUT 1 -m comment --comment wharf -j WHARF-OUTPUT/);
  assert.match(first, /-A WHARF-OUTPUT -d ::1\/128 -m comment --comment wharf -j ACCEPT/);
  const host = applied(first);
  assert.equal(planRestore(parseSave(host), rules, 'wt', 6), '', 'idempotent');
  const down = planTeardown(parseSave(host), 'wt', 6);
  assert.doesNotMatch(applied(down.shared, applied(down.own, host)), /^-A /m, 'no rule left');
  assert.match(down.shared, /^-D WHARF-OUTPUT -d ::1\/128 -m comment --comment wharf -j ACCEPT$/m);
  assert.match(down.shared, /^-X WHARF-OUTPUT$/m);
});
