/**
 * IPv6 addresses and prefixes as 128-bit bigints: parsing (with `::` and a
 * dotted IPv4 tail), RFC 5952 formatting, overlap and containment for IPAM
 * checks, and the ULA pool Docker ≥ 27 carves networks from when `--ipv6` names
 * no subnet.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../errdefs/index.js';
import { parseIp } from './ipv4.js';

export interface Cidr6 {
  /** Network address (host bits cleared). */
  base: bigint;
  prefix: number;
}

const ALL = (1n << 128n) - 1n;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function groups(part: string): number[] | undefined {
  if (part === '') return [];
  const out: number[] = [];
  const items = part.split(':');
  for (const [i, g] of items.entries()) {
    if (i === items.length - 1 && g.includes('.')) {
      const v4 = parseIp(g);
      if (v4 === undefined) return undefined;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEXTET.test(g)) {
      out.push(parseInt(g, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

export function parseIp6(s: string): bigint | undefined {
  if (!s.includes(':') || s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function formatIp6(n: bigint): string {
  const g = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

export function mask6(prefix: number): bigint {
  return prefix === 0 ? 0n : (ALL << BigInt(128 - prefix)) & ALL;
}

export function tryParseCidr6(s: string): Cidr6 | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp6(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > 128) return undefined;
  const prefix = Number(bits);
  return { base: ip & mask6(prefix), prefix };
}

export function parseCidr6(s: string): Cidr6 {
  const c = tryParseCidr6(s);
  if (!c) throw invalidArgument(`invalid CIDR address: ${s}`);
  return c;
}

export function formatCidr6(c: Cidr6): string {
  return `${formatIp6(c.base)}/${c.prefix}`;
}

export function lastAddress6(c: Cidr6): bigint {
  return c.base | (~mask6(c.prefix) & ALL);
}

export function contains6(c: Cidr6, ip: bigint): boolean {
  return (ip & mask6(c.prefix)) === c.base;
}

export function overlaps6(a: Cidr6, b: Cidr6): boolean {
  const m = mask6(Math.min(a.prefix, b.prefix));
  return (a.base & m) === (b.base & m);
}

export function within6(inner: Cidr6, outer: Cidr6): boolean {
  return inner.prefix >= outer.prefix && contains6(outer, inner.base);
}

/** The address family of a textual address or CIDR: IPv6 text always has a colon, IPv4 never. */
export function isV6(s: string): boolean {
  return s.includes(':');
}

/**
 * dockerd's default IPv6 pool: `fd00::/8` plus a 40-bit global id from the
 * SHA-256 of the engine's host id (RFC 4193 §3.2.2, loosely), a /48 split into /64s.
 */
export function ulaBase(hostId: string): Cidr6 {
  const gid = createHash('sha256').update(hostId).digest().readBigUInt64BE(0) & ((1n << 40n) - 1n);
  return { base: (0xfdn << 120n) | (gid << 80n), prefix: 48 };
}

/** The first /64 of the host's ULA /48 that overlaps nothing in use. */
export function pickSubnet6(hostId: string, inUse: readonly Cidr6[]): Cidr6 | undefined {
  const pool = ulaBase(hostId);
  for (let i = 0n; i < 1n << 16n; i++) {
    const c: Cidr6 = { base: pool.base | (i << 64n), prefix: 64 };
    if (!inUse.some((u) => overlaps6(u, c))) return c;
  }
  return undefined;
}
