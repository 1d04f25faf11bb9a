/**
 * IPv4 addresses and prefixes as 32-bit unsigned numbers: parsing, overlap and
 * host arithmetic for IPAM checks. IPv6 is not networked by Wharf yet.
 */
import { invalidArgument } from '../errdefs/index.js';

export interface Cidr {
  /** Network address (host bits cleared). */
  base: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIp(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `a.b.c.d/n`; host bits are cleared as Go's net.ParseCIDR does. Undefined when malformed. */
export function tryParseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) return undefined;
  const prefix = Number(bits);
  return { base: (ip & mask(prefix)) >>> 0, prefix };
}

export function parseCidr(s: string): Cidr {
  const c = tryParseCidr(s);
  if (!c) throw invalidArgument(`invalid CIDR address: ${s}`);
  return c;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function lastAddress(c: Cidr): number {
  return (c.base | ~mask(c.prefix)) >>> 0;
}

export function contains(c: Cidr, ip: number): boolean {
  return ((ip & mask(c.prefix)) >>> 0) === c.base;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.base & mask(p)) >>> 0) === ((b.base & mask(p)) >>> 0);
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && contains(outer, inner.base);
}
