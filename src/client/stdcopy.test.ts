import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Demuxer, StreamType, demuxStream, encodeFrame } from './stdcopy.js';
import { jsonLines } from './json-stream.js';

const collect = (s: PassThrough): Promise<string> =>
  new Promise((resolve) => {
    const parts: Buffer[] = [];
    s.on('data', (b: Buffer) => parts.push(b));
    s.on('end', () => resolve(Buffer.concat(parts).toString()));
  });

test('frames split at every byte boundary decode to the same output', () => {
  const wire = Buffer.concat([
    encodeFrame(StreamType.Stdout, Buffer.from('hello ')),
    encodeFrame(StreamType.Stderr, Buffer.from('oops\n')),
    encodeFrame(StreamType.Stdout, Buffer.alloc(0)),
    encodeFrame(StreamType.Stdout, Buffer.from('world\n')),
  ]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const d = new Demuxer();
    const frames = [...d.push(wire.subarray(0, cut)), ...d.push(wire.subarray(cut))];
    assert.deepEqual(
      frames.map((f) => [f.stream, f.data.toString()]),
      [[1, 'hello '], [2, 'oops\n'], [1, ''], [1, 'world\n']],
    );
    assert.equal(d.pending, 0);
  }
});

test('a big frame arriving in pieces', () => {
  const payload = Buffer.alloc(100_000, 'x');
  const wire = encodeFrame(StreamType.Stdout, payload);
  const d = new Demuxer();
  const frames = [];
  for (let i = 0; i < wire.length; i += 4096) frames.push(...d.push(wire.subarray(i, i + 4096)));
  assert.equal(frames.length, 1);
  assert.equal(frames[0]!.data.length, 100_000);
});

test('an unknown stream type is an error', () => {
  assert.throws(() => new Demuxer().push(Buffer.from([9, 0, 0, 0, 0, 0, 0, 1, 65])), /Unrecognized input header: 9/);
});

test('demuxStream routes stdout and stderr and fails on systemerr', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outText = collect(stdout);
  const errText = collect(stderr);
  async function* src(): AsyncGenerator<Buffer> {
    yield encodeFrame(StreamType.Stdout, Buffer.from('a'));
    yield encodeFrame(StreamType.Stderr, Buffer.from('b'));
  }
  await demuxStream(src(), { stdout, stderr });
  stdout.end();
  stderr.end();
  assert.equal(await outText, 'a');
  assert.equal(await errText, 'b');

  async function* bad(): AsyncGenerator<Buffer> {
    yield encodeFrame(StreamType.Systemerr, Buffer.from('disk on fire'));
  }
  await assert.rejects(demuxStream(bad(), { stdout: new PassThrough(), stderr: new PassThrough() }), /error from daemon in stream: disk on fire/);
});

test('JSON lines split across chunks, including inside a multi-byte character', async () => {
  const text = Buffer.from('{"status":"é1"}\r\n\n{"status":"2"}\n{"status":"3"}');
  async function* src(): AsyncGenerator<Buffer> {
    for (let i = 0; i < text.length; i += 3) yield text.subarray(i, i + 3);
  }
  const got: Array<{ status: string }> = [];
  for await (const m of jsonLines<{ status: string }>(src())) got.push(m);
  assert.deepEqual(got.map((m) => m.status), ['é1', '2', '3']);
});
