import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKind } from '../errdefs/index.js';
import { Readable } from 'node:stream';
import type { Exchange } from './exchange.js';
import { boolValue, boolValueOrDefault, optionalInt, parseFilters, parseIntStrict, parseTimestamp, readJson } from './request.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);
const isInvalid = (err: unknown): boolean => isKind(err, 'invalid-argument');

test('Docker booleans: only empty, 0, no, false and none (any case, trimmed) are false', () => {
  for (const v of ['1', 'true', 'True', 'TRUE', 'yes', 'anything']) assert.equal(boolValue(q(`all=${v}`), 'all'), true, v);
  for (const v of ['', '0', 'false', 'False', 'no', 'none', '%20false%20']) assert.equal(boolValue(q(`all=${v}`), 'all'), false, v);
  assert.equal(boolValue(q(''), 'all'), false);
});

test('boolean defaults apply only when the key is absent', () => {
  assert.equal(boolValueOrDefault(q(''), 'stream', true), true);
  assert.equal(boolValueOrDefault(q('stream='), 'stream', true), false);
  assert.equal(boolValueOrDefault(q('stream=0'), 'stream', true), false);
  assert.equal(boolValueOrDefault(q('stream=1'), 'stream', false), true);
});

test('integers are strict, with Go strconv errors', () => {
  assert.equal(parseIntStrict('42'), 42);
  assert.equal(parseIntStrict('-1'), -1);
  assert.throws(() => parseIntStrict('4x'), (err) => isInvalid(err) && /strconv\.Atoi: parsing "4x": invalid syntax/.test((err as Error).message));
  assert.throws(() => parseIntStrict(''), isInvalid);
  assert.throws(() => parseIntStrict('1.5'), isInvalid);
  assert.equal(optionalInt(q('t='), 't'), undefined);
  assert.equal(optionalInt(q(''), 't'), undefined);
  assert.equal(optionalInt(q('t=3'), 't'), 3);
});

test('filters: current map form and legacy list form', () => {
  const current = encodeURIComponent(JSON.stringify({ status: { running: true, exited: true }, label: { 'a=b': true } }));
  assert.deepEqual(parseFilters(q(`filters=${current}`)), { status: ['running', 'exited'], label: ['a=b'] });
  const legacy = encodeURIComponent(JSON.stringify({ name: ['web', 'web', 'db'] }));
  assert.deepEqual(parseFilters(q(`filters=${legacy}`)), { name: ['web', 'db'] });
  assert.deepEqual(parseFilters(q('')), {});
  assert.deepEqual(parseFilters(q('filters=')), {});
  assert.deepEqual(parseFilters(q('filters=%7B%7D')), {});
});

test('filters that are not JSON or not either form are invalid', () => {
  for (const bad of ['{', '[]', '"x"', '{"a":"b"}', '{"a":{"b":"yes"}}', '{"a":[1]}', '{"a":["x"],"b":{"y":true}}']) {
    assert.throws(() => parseFilters(q(`filters=${encodeURIComponent(bad)}`)), (err) => isInvalid(err) && (err as Error).message === 'invalid filter', bad);
  }
});

test('timestamps: Docker seconds.nanos, RFC 3339, empty', () => {
  assert.equal(parseTimestamp(q('since=1700000000.500000000'), 'since'), 1700000000.5);
  assert.equal(parseTimestamp(q('since=1700000000'), 'since'), 1700000000);
  assert.equal(parseTimestamp(q('since=2023-11-14T22:13:20Z'), 'since'), 1700000000);
  assert.equal(parseTimestamp(q('since='), 'since'), undefined);
  assert.throws(() => parseTimestamp(q('since=yesterday'), 'since'), isInvalid);
});

/** Just what readJson reads of an exchange: the headers and the body stream. */
function jsonExchange(body: string): Exchange {
  const req = { headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } };
  return { req, body: Readable.from([Buffer.from(body)]) } as unknown as Exchange;
}

test('JSON bodies: nesting deeper than Go takes and absurd sizes are refused before parsing', async () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '[]' + '}'.repeat(n);
  assert.deepEqual(await readJson(jsonExchange('{"Image":"busybox","Labels":{"a":"[[[{{{"}}'), { optional: false }), { Image: 'busybox', Labels: { a: '[[[{{{' } });
  assert.ok(await readJson(jsonExchange(deep(9_999)), { optional: false }));
  await assert.rejects(readJson(jsonExchange(deep(10_000)), { optional: false }), (e) => isKind(e, 'invalid-argument') && (e as Error).message === "invalid JSON: invalid character '[' exceeded max depth");
  await assert.rejects(readJson(jsonExchange('[' + '"x",'.repeat(300_000) + '"x"]'), { optional: false }), (e) => isKind(e, 'invalid-argument') && /larger than/.test((e as Error).message));
  // A quote escaped inside a string does not end it: these brackets are text.
  assert.deepEqual(await readJson(jsonExchange(`{"a":"\\"${'['.repeat(20_000)}"}`), { optional: false }), { a: '"' + '['.repeat(20_000) });
});
