/**
 * Logging as real clients see it: the log driver Docker reports (json-file,
 * which the Python SDK needs to read a run's output), the drivers and options
 * accepted, rotation bounded on disk and read across files, attach replaying
 * the log, and start times precise enough for `logs --since <StartedAt>`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Daemon } from '../support/daemon.js';
import { daemonForFile, ok } from '../support/clients.js';
import { http } from '../support/http.js';
import { fromB64, pythonSdk } from '../support/python-sdk.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));
const docker = (args: string[]) => d.docker(args);

/** RFC 3339 as Go's RFC3339Nano prints it: up to 9 fraction digits, trailing zeros trimmed. */
const RFC3339_NANO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/;

test('the Python SDK gets the output of client.containers.run', async () => {
  const out = await pythonSdk<string | null>(d, 'emit(b64(client.containers.run("busybox", "echo hello", remove=True)))');
  assert.equal(fromB64(out)?.toString(), 'hello\n');
});

test('json-file is the default driver; json-file, local and none are accepted, any other refused at create', async () => {
  assert.equal(await ok(docker, ['info', '--format', '{{.LoggingDriver}}']), 'json-file');
  await ok(docker, ['create', '--name', 'drv-default', 'busybox', 'true']);
  assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.LogConfig.Type}}', 'drv-default']), 'json-file');
  for (const driver of ['json-file', 'local', 'none']) {
    await ok(docker, ['create', '--name', `drv-${driver}`, '--log-driver', driver, 'busybox', 'true']);
    assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.LogConfig.Type}}', `drv-${driver}`]), driver);
  }

  const before = await ok(docker, ['ps', '-aq', '--no-trunc']);
  const refused = await docker(['create', '--name', 'drv-syslog', '--log-driver', 'syslog', 'busybox', 'true']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /logger: no log driver named 'syslog' is registered/);
  const raw = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', HostConfig: { LogConfig: { Type: 'k8s-file' } } }));
  assert.equal(raw.status, 400);
  const unknownOpt = await docker(['create', '--log-opt', 'max-sise=1m', 'busybox', 'true']);
  assert.match(unknownOpt.stderr, /unknown log opt 'max-sise' for json-file log driver/);
  const unknownLocal = await docker(['create', '--log-driver', 'local', '--log-opt', 'color=red', 'busybox', 'true']);
  assert.match(unknownLocal.stderr, /unknown log opt 'color' for log driver local/);
  assert.equal(await ok(docker, ['ps', '-aq', '--no-trunc']), before);
  await ok(docker, ['rm', 'drv-default', 'drv-json-file', 'drv-local', 'drv-none']);
});

test('bad max-size and max-file values fail the start with Docker\'s messages', async () => {
  const size = await docker(['run', '--name', 'bad-size', '--log-opt', 'max-size=lots', 'busybox', 'true']);
  assert.notEqual(size.code, 0);
  assert.match(size.stderr, /failed to initialize logging driver: invalid size: 'lots'/);
  const files = await docker(['run', '--name', 'bad-files', '--log-opt', 'max-size=1m', '--log-opt', 'max-file=0', 'busybox', 'true']);
  assert.match(files.stderr, /failed to initialize logging driver: max-file cannot be less than 1/);
  await ok(docker, ['rm', 'bad-size', 'bad-files']);
});

test('--log-driver none: the container runs, docker logs fails as Docker does', async () => {
  assert.equal(await ok(docker, ['run', '--name', 'quiet', '--log-driver', 'none', 'busybox', 'echo', 'shown']), 'shown');
  const logs = await docker(['logs', 'quiet']);
  assert.notEqual(logs.code, 0);
  assert.match(logs.stderr, /configured logging driver does not support reading/);
  const raw = await http(d.socket, 'GET', '/containers/quiet/logs?stdout=1');
  assert.equal(raw.status, 501);
  await ok(docker, ['rm', 'quiet']);
});

test('attach with logs=1 replays what the container wrote; with stream=1 it then follows', async () => {
  await ok(docker, ['run', '--name', 'replayed', 'busybox', 'sh', '-c', 'echo one; echo two >&2']);
  const got = await pythonSdk<{ both: string; out: string }>(
    d,
    [
      'c = client.containers.get("replayed")',
      'emit({"both": b64(c.attach(stream=False, logs=True)), "out": b64(c.attach(stream=False, logs=True, stderr=False))})',
    ].join('\n'),
  );
  assert.deepEqual(fromB64(got.both)?.toString().split('\n').sort(), ['', 'one', 'two']);
  assert.equal(fromB64(got.out)?.toString(), 'one\n');

  await ok(docker, ['run', '-d', '--name', 'replay-follow', 'busybox', 'sh', '-c', 'echo early; while [ ! -e /go ]; do sleep 0.1; done; echo late']);
  await waitFor(async () => (await ok(docker, ['logs', 'replay-follow'])) === 'early', { what: 'the first line' });
  const followed = pythonSdk<string>(
    d,
    [
      'c = client.containers.get("replay-follow")',
      'out = b""',
      'for chunk in c.attach(stream=True, logs=True):',
      '    out += chunk',
      'emit(b64(out))',
    ].join('\n'),
  );
  // The replay is there before the container goes on: the stream then carries the rest.
  await waitFor(async () => (await ok(docker, ['inspect', '-f', '{{.State.Running}}', 'replay-follow'])) === 'true', { what: 'running' });
  await new Promise((r) => setTimeout(r, 1000));
  await ok(docker, ['exec', 'replay-follow', 'touch', '/go']);
  assert.equal(fromB64(await followed)?.toString(), 'early\nlate\n');
  await ok(docker, ['rm', 'replayed', 'replay-follow']);
});

test('StartedAt and FinishedAt have nanosecond precision; logs --since StartedAt shows the whole run, across restarts', async () => {
  // Each run writes its number at once, then waits: a restart must not lose the line to a late StartedAt.
  const script = 'n=$(($(cat /n 2>/dev/null || echo 0)+1)); echo $n > /n; echo run-$n; exec sleep 300';
  await ok(docker, ['run', '-d', '--name', 'timed', 'busybox', 'sh', '-c', script]);
  const times: string[] = [];
  for (let i = 1; i <= 4; i++) {
    if (i > 1) await ok(docker, ['restart', '-t', '0', 'timed']);
    const started = await ok(docker, ['inspect', '-f', '{{.State.StartedAt}}', 'timed']);
    assert.match(started, RFC3339_NANO);
    times.push(started);
    await waitFor(async () => (await ok(docker, ['logs', '--since', started, 'timed'])) === `run-${i}`, { what: `run-${i} since ${started}`, timeoutMs: 10_000 });
    if (i > 1) {
      const finished = await ok(docker, ['inspect', '-f', '{{.State.FinishedAt}}', 'timed']);
      assert.match(finished, RFC3339_NANO);
      assert.ok(Date.parse(finished) <= Date.parse(started));
      times.push(finished);
    }
  }
  // Milliseconds would print at most three digits; nanoseconds almost never do, seven times over.
  assert.ok(times.some((t) => /\.\d{4,}Z$/.test(t)), times.join(' '));
  await ok(docker, ['rm', '-f', 'timed']);
});
