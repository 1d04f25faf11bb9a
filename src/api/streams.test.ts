/** HTTP-level tests of streamed responses: wait, logs, stats, events, export, archive. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../../test/support/wait.js';
import { type TestServer, demux, nextChunk, readStream, startTestServer } from './testing/test-server.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

const create = async (name: string, extra: Record<string, unknown> = {}): Promise<void> => {
  const r = await srv.request('POST', `/containers/create?name=${name}`, { body: JSON.stringify({ Image: 'busybox', Cmd: ['cat'], ...extra }) });
  assert.equal(r.status, 201);
};

test('wait sends its headers at once and the body when the container exits', async () => {
  await create('w1');
  await srv.request('POST', '/containers/w1/start');
  const res = await srv.open('POST', '/containers/w1/wait?condition=next-exit');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.equal(srv.fake.calls.filter((c) => c.method === 'containers.stop').length, 0);
  assert.equal((await srv.request('POST', '/containers/w1/stop')).status, 204);
  assert.deepEqual(JSON.parse((await readStream(res)).toString()), { StatusCode: 143, Error: null });
});

test('wait: bad condition 400, missing container 404', async () => {
  await create('w2');
  const bad = await srv.request('POST', '/containers/w2/wait?condition=sometime');
  assert.equal(bad.status, 400);
  assert.equal(bad.json<{ message: string }>().message, 'invalid condition: "sometime"');
  assert.equal((await srv.request('POST', '/containers/nothere/wait')).status, 404);
});

test('logs: multiplexed without a TTY, both streams framed', async () => {
  await create('l1');
  const r = await srv.request('GET', '/containers/l1/logs?stdout=1&stderr=1&tail=10&since=1700000000.5&timestamps=1');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/vnd.docker.multiplexed-stream');
  assert.deepEqual(demux(r.body), [
    [1, 'out line\n'],
    [2, 'err line\n'],
  ]);
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.logs').pop()?.args[1], {
    follow: false,
    stdout: true,
    stderr: true,
    since: 1700000000.5,
    until: 0,
    timestamps: true,
    tail: 10,
  });
});

test('logs: raw with a TTY; raw-stream content type before API 1.42; tail "all" and garbage mean all', async () => {
  await create('l2', { Tty: true });
  const tty = await srv.request('GET', '/containers/l2/logs?stdout=1&tail=all');
  assert.equal(tty.headers['content-type'], 'application/vnd.docker.raw-stream');
  assert.equal(tty.body.toString(), 'out line\nerr line\n');
  assert.equal((srv.fake.calls.filter((c) => c.method === 'containers.logs').pop()?.args[1] as { tail: unknown }).tail, 'all');
  await create('l3');
  const old = await srv.request('GET', '/v1.41/containers/l3/logs?stderr=1&tail=-3');
  assert.equal(old.headers['content-type'], 'application/vnd.docker.raw-stream');
  assert.equal(demux(old.body).length, 2);
  assert.equal((srv.fake.calls.filter((c) => c.method === 'containers.logs').pop()?.args[1] as { tail: unknown }).tail, 'all');
});

test('logs: no stream chosen is 400 with Docker message; missing container 404', async () => {
  await create('l4');
  const r = await srv.request('GET', '/containers/l4/logs');
  assert.equal(r.status, 400);
  assert.equal(r.json<{ message: string }>().message, 'Bad parameters: you must choose at least one stream');
  assert.equal((await srv.request('GET', '/containers/ghost/logs?stdout=1')).status, 404);
});

test('logs: following stops the producer when the client disconnects', async () => {
  await create('l5');
  const before = srv.fake.streams.length;
  const res = await srv.open('GET', '/containers/l5/logs?stdout=1&stderr=1&follow=1');
  assert.equal(res.statusCode, 200);
  await nextChunk(res);
  const q = srv.fake.streams[before];
  assert.equal(q.returned, false);
  res.destroy();
  await waitFor(() => q.returned, { what: 'the producer stopped', timeoutMs: 5000, intervalMs: 5 });
});

test('stats: one JSON document when not streaming', async () => {
  await create('s1');
  const r = await srv.request('GET', '/containers/s1/stats?stream=false&one-shot=1');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  const lines = r.body.toString().trim().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).name, '/s1');
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.stats').pop()?.args[1], { stream: false, oneShot: true });
});

test('stats: streams JSON lines until the client goes; a missing container is 404', async () => {
  await create('s2');
  const before = srv.fake.streams.length;
  const res = await srv.open('GET', '/containers/s2/stats');
  assert.equal(res.statusCode, 200);
  assert.equal(JSON.parse((await nextChunk(res)).toString().split('\n')[0]).name, '/s2');
  const q = srv.fake.streams[before];
  res.destroy();
  await waitFor(() => q.returned, { what: 'the producer stopped', timeoutMs: 5000, intervalMs: 5 });
  const missing = await srv.request('GET', '/containers/ghost/stats?stream=0');
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ message: string }>().message, 'No such container: ghost');
});

test('events: headers at once, one JSON line per event, filters and times passed, stop on disconnect', async () => {
  const before = srv.fake.streams.length;
  const filters = encodeURIComponent(JSON.stringify({ type: { container: true } }));
  const res = await srv.open('GET', `/events?since=1700000000&filters=${filters}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  const opts = srv.fake.calls.filter((c) => c.method === 'system.events').pop()?.args[0] as { since: number; filters: unknown; signal: AbortSignal };
  assert.equal(opts.since, 1700000000);
  assert.deepEqual(opts.filters, { type: ['container'] });
  const ev = { Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: {} }, scope: 'local', time: 1, timeNano: 1 } as const;
  const chunk = nextChunk(res);
  srv.fake.publish(ev);
  assert.deepEqual(JSON.parse((await chunk).toString()), ev);
  res.destroy();
  await waitFor(() => opts.signal.aborted && srv.fake.streams[before].returned, { what: 'the events stream stopped', timeoutMs: 5000, intervalMs: 5 });
});

test('events: until ends the stream; an invalid filter is 400 before any streaming', async () => {
  const r = await srv.request('GET', '/events?since=1&until=2');
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 0);
  const bad = await srv.request('GET', `/events?filters=${encodeURIComponent('{"bogus":{"x":true}}')}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json<{ message: string }>().message, "invalid filter 'bogus'");
  assert.equal((await srv.request('GET', '/events?since=never')).status, 400);
});

test('export is a tarball', async () => {
  await create('e1');
  const r = await srv.request('GET', '/containers/e1/export');
  assert.equal(r.headers['content-type'], 'application/x-tar');
  assert.equal(r.body.toString(), 'exported-tar');
});

test('archive: HEAD and GET carry the base64 path stat; a missing path is 404 with Docker message', async () => {
  await create('a1');
  const expected = { name: 'hosts', size: 3, mode: 0o644, mtime: '2024-01-01T00:00:00Z', linkTarget: '' };
  const head = await srv.request('HEAD', '/containers/a1/archive?path=/etc/hosts');
  assert.equal(head.status, 200);
  assert.deepEqual(JSON.parse(Buffer.from(String(head.headers['x-docker-container-path-stat']), 'base64').toString()), expected);
  const get = await srv.request('GET', '/containers/a1/archive?path=/etc/hosts');
  assert.equal(get.headers['content-type'], 'application/x-tar');
  assert.deepEqual(JSON.parse(Buffer.from(String(get.headers['x-docker-container-path-stat']), 'base64').toString()), expected);
  assert.equal(get.body.toString(), 'archive-tar');
  const missing = await srv.request('GET', '/containers/a1/archive?path=/missing');
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ message: string }>().message, 'Could not find the file /missing in container a1');
  assert.equal((await srv.request('HEAD', '/containers/a1/archive?path=/missing')).status, 404);
  assert.equal((await srv.request('GET', '/containers/a1/archive')).status, 400);
});

test('archive: PUT extracts the body with its options', async () => {
  await create('a2');
  const r = await srv.request('PUT', '/containers/a2/archive?path=/tmp&noOverwriteDirNonDir=true&copyUIDGID=1', {
    body: 'upload-tar',
    headers: { 'Content-Type': 'application/x-tar' },
  });
  assert.equal(r.status, 200);
  assert.equal(srv.fake.uploads.at(-1)?.toString(), 'upload-tar');
  assert.deepEqual(srv.fake.calls.filter((c) => c.method === 'containers.putArchive').pop()?.args, ['a2', '/tmp', { noOverwriteDirNonDir: true, copyUIDGID: true }]);
});
