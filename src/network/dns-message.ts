/**
 * The slice of the DNS wire format (RFC 1035) the embedded server needs: read a
 * one-question query, write an answer with A, AAAA or PTR records, or an error code.
 */
import { formatIp6, parseIp6 } from './ipv6.js';

export const TYPE_A = 1;
export const TYPE_PTR = 12;
export const TYPE_AAAA = 28;
export const CLASS_IN = 1;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** Docker's embedded DNS answers with this TTL. */
const TTL = 600;

export interface DnsQuery {
  id: number;
  flags: number;
  /** Lower-cased, without the trailing dot. */
  name: string;
  type: number;
  class: number;
  /** The question section exactly as sent, echoed in the reply. */
  question: Buffer;
}

function readName(buf: Buffer, start: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let pos = start;
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    if (pos >= buf.length) return undefined;
    const len = buf[pos]!;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) return undefined;
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!;
      continue;
    }
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: end < 0 ? pos + 1 : end };
    if (pos + 1 + len > buf.length) return undefined;
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return undefined;
}

/** Undefined for anything but a well-formed standard query with exactly one question. */
export function parseQuery(buf: Buffer): DnsQuery | undefined {
  if (buf.length < 12) return undefined;
  const flags = buf.readUInt16BE(2);
  if (flags & 0x8000 || buf.readUInt16BE(4) !== 1) return undefined;
  const q = readName(buf, 12);
  if (!q || q.end + 4 > buf.length) return undefined;
  return {
    id: buf.readUInt16BE(0),
    flags,
    name: q.name,
    type: buf.readUInt16BE(q.end),
    class: buf.readUInt16BE(q.end + 2),
    question: buf.subarray(12, q.end + 4),
  };
}

export function encodeName(name: string): Buffer {
  const parts = name.split('.').filter((l) => l !== '');
  return Buffer.concat([...parts.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

export type Answer = { type: typeof TYPE_A | typeof TYPE_AAAA; ip: string } | { type: typeof TYPE_PTR; name: string };

function rdataOf(a: Answer): Buffer {
  if (a.type === TYPE_PTR) return encodeName(a.name);
  if (a.type === TYPE_A) return Buffer.from(a.ip.split('.').map(Number));
  const n = parseIp6(a.ip) ?? 0n;
  return Buffer.from(Array.from({ length: 16 }, (_, i) => Number((n >> BigInt(120 - 8 * i)) & 0xffn)));
}

function header(q: DnsQuery, rcode: number, answers: number, authoritative: boolean): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(q.id, 0);
  // QR, the query's opcode and RD, AA when the name is ours, RA.
  const flags = 0x8000 | (q.flags & 0x7900) | (authoritative ? 0x0400 : 0) | 0x0080 | rcode;
  h.writeUInt16BE(flags, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt16BE(answers, 6);
  return h;
}

function record(a: Answer): Buffer {
  const rdata = rdataOf(a);
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
  rr.writeUInt16BE(a.type, 2);
  rr.writeUInt16BE(CLASS_IN, 4);
  rr.writeUInt32BE(TTL, 6);
  rr.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([rr, rdata]);
}

export function buildAnswer(q: DnsQuery, answers: readonly Answer[]): Buffer {
  return Buffer.concat([header(q, RCODE.NOERROR, answers.length, true), q.question, ...answers.map(record)]);
}

export function buildError(q: DnsQuery, rcode: number): Buffer {
  return Buffer.concat([header(q, rcode, 0, false), q.question]);
}

/** A FORMERR reply for a message too broken to parse, when at least its id is there. */
export function formatError(buf: Buffer): Buffer | undefined {
  if (buf.length < 2) return undefined;
  const h = Buffer.alloc(12);
  buf.copy(h, 0, 0, 2);
  h.writeUInt16BE(0x8000 | RCODE.FORMERR, 2);
  return h;
}

/** `4.3.2.1.in-addr.arpa` → `1.2.3.4`; the 32 nibbles of an `ip6.arpa` name → the IPv6 address (RFC 5952 text). */
export function reverseName(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (m) return `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  const m6 = /^((?:[0-9a-f]\.){32})ip6\.arpa$/.exec(name);
  if (!m6) return undefined;
  const hex = m6[1]!.split('.').filter((x) => x !== '').reverse().join('');
  return formatIp6(BigInt(`0x${hex}`));
}
