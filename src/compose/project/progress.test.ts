import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { makeProgress } from './progress.js';

function sink(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const out = new PassThrough() as unknown as NodeJS.WriteStream;
  (out as { isTTY: boolean }).isTTY = isTTY;
  (out as unknown as PassThrough).on('data', (b: Buffer) => chunks.push(b.toString()));
  return { out, text: () => chunks.join('') };
}

test('in a pipe, one plain line per event', async () => {
  const s = sink(false);
  const p = makeProgress('auto', s.out);
  p.event('Container', 'p-web-1', 'Starting');
  p.event('Container', 'p-web-1', 'Started');
  p.done();
  await new Promise((r) => setImmediate(r));
  assert.equal(s.text(), ' Container p-web-1  Starting\n Container p-web-1  Started\n');
});

test('on a terminal, one line per object redrawn in place under a count', async () => {
  const s = sink(true);
  const p = makeProgress('auto', s.out);
  p.event('Network', 'p_default', 'Created');
  p.event('Container', 'p-web-1', 'Starting');
  p.event('Container', 'p-web-1', 'Started');
  p.done();
  await new Promise((r) => setImmediate(r));
  const last = s.text().split('\x1b[3A').at(-1)!;
  const plain = last.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
  assert.match(plain, /^\[\+\] Running 2\/2\n ✔ Network p_default {2}Created +\d+\.\ds\n ✔ Container p-web-1 {2}Started +\d+\.\ds\n$/);
});

test('quiet prints nothing; json one object per event', async () => {
  const q = sink(false);
  makeProgress('quiet', q.out).event('Container', 'x', 'Started');
  const j = sink(false);
  makeProgress('json', j.out).event('Container', 'p-web-1', 'Starting');
  await new Promise((r) => setImmediate(r));
  assert.equal(q.text(), '');
  assert.deepEqual(JSON.parse(j.text()), { id: 'Container p-web-1', status: 'Starting', state: 'working' });
});
