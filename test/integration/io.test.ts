import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Daemon } from '../support/daemon.js';
import { bothClients, type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));

bothClients('logs: all, --tail, -t, -f until exit, after exit, stderr kept apart', () => d, async (c, client) => {
  const name = `logs-${client}`;
  await ok(c, ['run', '--name', name, 'busybox', 'sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2']);
  const all = await c(['logs', name]);
  assert.equal(all.stdout, 'line1\nline2\nline3\nline4\nline5\n');
  assert.equal(all.stderr, 'oops\n');
  assert.equal((await c(['logs', '--tail', '2', name])).stdout, 'line5\n');
  const stamped = (await c(['logs', '-t', '--tail', '1', name])).stderr;
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z oops\n$/);
  const future = (await c(['logs', '--since', '2099-01-01T00:00:00Z', name])).stdout;
  assert.equal(future, '');
  await ok(c, ['rm', name]);

  const f = `follow-${client}`;
  await ok(c, ['run', '-d', '--name', f, 'busybox', 'sh', '-c', 'echo first; sleep 1; echo second']);
  const followed = await c(['logs', '-f', f]);
  assert.equal(followed.stdout, 'first\nsecond\n');
  await ok(c, ['rm', f]);
});

bothClients('stdin: run -i pipes input and closes it', () => d, async (c) => {
  const out = await ok(c, ['run', '--rm', '-i', 'busybox', 'sh', '-c', 'tr a-z A-Z; echo done'], { input: 'hello stdin\n' });
  assert.equal(out, 'HELLO STDIN\ndone');
});

bothClients('exec: output, exit code, -e -u -w, missing binary', () => d, async (c, client) => {
  const name = `exec-${client}`;
  await ok(c, ['run', '-d', '--name', name, 'busybox', 'sleep', '1000']);
  assert.equal(await ok(c, ['exec', '-e', 'X=1', '-u', 'nobody', '-w', '/tmp', name, 'sh', '-c', 'echo $X $(id -un) $(pwd)']), '1 nobody /tmp');
  assert.equal((await c(['exec', name, 'sh', '-c', 'exit 5'])).code, 5);
  assert.equal(await ok(c, ['exec', '-i', name, 'cat'], { input: 'piped' }), 'piped');
  const missing = await c(['exec', name, 'nosuch']);
  assert.equal(missing.code, 127);
  await ok(c, ['exec', '-d', name, 'touch', '/tmp/detached']);
  await waitFor(async () => ((await c(['exec', name, 'ls', '/tmp/detached'])).code === 0 ? true : undefined), { what: 'detached exec' });
  await ok(c, ['rm', '-f', name]);
  const stopped = await c(['exec', name, 'true']);
  assert.notEqual(stopped.code, 0);
});

bothClients('top, stats --no-stream, diff', () => d, async (c, client) => {
  const name = `obs-${client}`;
  await ok(c, ['run', '-d', '--name', name, 'busybox', 'sh', '-c', 'touch /newfile; rm /etc/group; sleep 1000']);
  await waitFor(async () => ((await c(['diff', name])).stdout.includes('/newfile') ? true : undefined), { what: 'diff' });
  const top = await ok(c, ['top', name]);
  assert.match(top, /PID/);
  assert.match(top, /sleep 1000/);
  const stats = await ok(c, ['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', name]);
  assert.match(stats, new RegExp(`^${name} \\d`));
  const diff = await ok(c, ['diff', name]);
  assert.match(diff, /^A \/newfile$/m);
  assert.match(diff, /^D \/etc\/group$/m);
  assert.match(diff, /^C \/etc$/m);
  await ok(c, ['rm', '-f', name]);
});

function inPty(cmd: string, env: Record<string, string>, input: Array<{ afterMs: number; data: string }>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    for (const step of input) setTimeout(() => child.stdin.write(step.data), step.afterMs);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

for (const client of ['docker', 'wharf'] as const) {
  test(`tty: run -it gives a terminal of the caller's size and Ctrl-P Ctrl-Q detaches [${client}]`, async () => {
    const bin = client === 'docker' ? 'docker' : d.wharfBin;
    const sized = await inPty(`stty rows 33 cols 111; ${bin} run --rm -it busybox sh -c 'stty size; tty'`, d.env, []);
    assert.match(sized.out, /33 111/);
    assert.match(sized.out, /\/dev\/pts\/\d+/);

    const name = `tty-${client}`;
    const detached = await inPty(`${bin} run -it --name ${name} busybox sh`, d.env, [
      { afterMs: 1500, data: 'echo in-shell\r' },
      { afterMs: 2500, data: '\x10\x11' },
    ]);
    assert.equal(detached.code, 0);
    assert.match(detached.out, /in-shell/);
    const c: Cli = client === 'docker' ? (a) => d.docker(a) : (a) => d.wharf(a);
    assert.equal(await ok(c, ['inspect', '-f', '{{.State.Running}}', name]), 'true');
    await ok(c, ['rm', '-f', name]);
  });
}

bothClients('attach to a running container sees its output', () => d, async (c, client) => {
  const name = `att-${client}`;
  // The container speaks only once the attach is in place (its `attach` event), however slow the client is to start.
  await ok(c, ['run', '-d', '--name', name, 'busybox', 'sh', '-c', 'while [ ! -e /go ]; do sleep 0.05; done; echo attached-output']);
  const since = Math.floor(Date.now() / 1000) - 1;
  const attached = c(['attach', name]);
  await waitFor(async () => (await ok(c, ['events', '--since', String(since), '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', `container=${name}`, '--filter', 'event=attach', '--format', '{{.Action}}'])) !== '', { what: 'the attach event' });
  await ok(c, ['exec', name, 'touch', '/go']);
  const r = await attached;
  assert.match(r.stdout, /attached-output/);
  await ok(c, ['rm', '-f', name]);
});
