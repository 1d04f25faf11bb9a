/**
 * Exec through real clients: the output of processes that exit at once (nothing lost,
 * stdout and stderr apart), plain and hijacked starts as dockerd answers them, the exit
 * code right after the stream ends, Env, detach keys from the flag and from the CLI's
 * config, and stdin through the CLI and dockerode.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import Docker from 'dockerode';
import { daemonForFile, ok } from '../support/clients.js';
import type { Daemon } from '../support/daemon.js';
import { http } from '../support/http.js';
import { fromB64, pythonSdk } from '../support/python-sdk.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));
const docker = (args: string[]) => d.docker(args);
const BOTH = 'echo hello out; echo hello err >&2';

let running: Promise<string> | undefined;
/** The container every test execs in, started by whichever test comes first. */
const container = (): Promise<string> => (running ??= ok(docker, ['run', '-d', '--name', 'ex', 'busybox', 'sleep', '1d']));

async function createExec(body: Record<string, unknown>): Promise<string> {
  await container();
  const r = await http(d.socket, 'POST', '/containers/ex/exec', JSON.stringify({ AttachStdout: true, AttachStderr: true, ...body }));
  assert.equal(r.status, 201, r.body);
  return (JSON.parse(r.body) as { Id: string }).Id;
}

async function execInspect(id: string): Promise<{ Running: boolean; ExitCode: number | null }> {
  return JSON.parse((await http(d.socket, 'GET', `/exec/${id}/json`)).body) as { Running: boolean; ExitCode: number | null };
}

/** `POST /exec/{id}/start` on its own connection, with or without `Upgrade: tcp`: the response head and every byte after it until the daemon closes. */
function startExec(id: string, body: Record<string, unknown>, upgrade: boolean): Promise<{ head: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const json = JSON.stringify(body);
    const sock = connect(d.socket);
    const chunks: Buffer[] = [];
    sock.setTimeout(30_000, () => sock.destroy(new Error(`exec ${id}: no end of the stream within 30 s of silence`)));
    sock.on('data', (b: Buffer) => chunks.push(b));
    sock.on('error', reject);
    sock.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, end).toString(), body: all.subarray(end + 4) });
    });
    const upgradeHeaders = upgrade ? ['Connection: Upgrade', 'Upgrade: tcp'] : [];
    sock.write([`POST /exec/${id}/start HTTP/1.1`, 'Host: docker', ...upgradeHeaders, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(json)}`].join('\r\n') + '\r\n\r\n' + json);
  });
}

const header = (head: string, name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim();

/** stdcopy frames with every header checked (stream 1 or 2, three zero bytes, a length within the body): what each stream carried. */
function demuxStrict(data: Buffer): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  let off = 0;
  while (off < data.length) {
    assert.ok(off + 8 <= data.length, `a truncated frame header at byte ${off}`);
    const stream = data[off];
    assert.ok(stream === 1 || stream === 2, `the frame at byte ${off} starts with ${stream}, not a stream id: ${JSON.stringify(data.subarray(off, off + 16).toString())}`);
    assert.deepEqual([...data.subarray(off + 1, off + 4)], [0, 0, 0]);
    const end = off + 8 + data.readUInt32BE(off + 4);
    assert.ok(end <= data.length, `the frame at byte ${off} runs past the end`);
    out[stream === 1 ? 'stdout' : 'stderr'] += data.subarray(off + 8, end).toString();
    off = end;
  }
  return out;
}

test('a plain exec start (no Upgrade) streams the output until the process exits: multiplexed, raw with a TTY, exit code at once', async () => {
  const id = await createExec({ Cmd: ['sh', '-c', `${BOTH}; exit 3`] });
  const plain = await startExec(id, { Detach: false, Tty: false }, false);
  assert.match(plain.head, /^HTTP\/1\.1 200 OK/);
  // dockerd names a plain start's body raw-stream whatever it carries.
  assert.equal(header(plain.head, 'Content-Type'), 'application/vnd.docker.raw-stream');
  assert.deepEqual(demuxStrict(plain.body), { stdout: 'hello out\n', stderr: 'hello err\n' });
  assert.deepEqual(await execInspect(id).then((e) => [e.Running, e.ExitCode]), [false, 3]);

  const ttyId = await createExec({ Cmd: ['sh', '-c', BOTH], Tty: true });
  const tty = await startExec(ttyId, { Detach: false, Tty: true }, false);
  assert.match(tty.head, /^HTTP\/1\.1 200 OK/);
  assert.equal(tty.body.toString(), 'hello out\r\nhello err\r\n');
});

test('a hijacked exec start: the first bytes after the 101 head are a stdcopy header, raw output with a TTY', async () => {
  for (let round = 0; round < 5; round++) {
    const id = await createExec({ Cmd: ['sh', '-c', BOTH] });
    const r = await startExec(id, { Detach: false, Tty: false }, true);
    assert.match(r.head, /^HTTP\/1\.1 101 UPGRADED/);
    assert.equal(header(r.head, 'Content-Type'), 'application/vnd.docker.multiplexed-stream');
    assert.ok(r.body[0] === 1 || r.body[0] === 2, `round ${round}: the stream starts with ${JSON.stringify(r.body.subarray(0, 8).toString())}`);
    assert.deepEqual(demuxStrict(r.body), { stdout: 'hello out\n', stderr: 'hello err\n' });

    const ttyId = await createExec({ Cmd: ['sh', '-c', BOTH], Tty: true });
    const tty = await startExec(ttyId, { Detach: false, Tty: true }, true);
    assert.equal(header(tty.head, 'Content-Type'), 'application/vnd.docker.raw-stream');
    assert.equal(tty.body.toString(), 'hello out\r\nhello err\r\n');
  }
});

test('Python SDK exec_run: the whole output of a process that exits at once, demuxed or with a TTY, env and exit code', async () => {
  await container();
  // The SDK reads the 101 head through a buffered reader: output sent along with it is lost.
  const r = await pythonSdk<{ plain: string[]; demux: Array<[string, string]>; tty: string[]; env: string; code: number }>(
    d,
    `
c = client.containers.get('ex')
plain, demux, tty = [], [], []
for _ in range(10):
    plain.append(b64(c.exec_run('echo hello').output))
    out, err = c.exec_run(['sh', '-c', ${JSON.stringify(BOTH)}], demux=True).output
    demux.append([b64(out), b64(err)])
    tty.append(b64(c.exec_run(['sh', '-c', ${JSON.stringify(BOTH)}], tty=True).output))
env = c.exec_run(['sh', '-c', 'echo $GREETING'], environment={'GREETING': 'hi there'}).output.decode()
code = c.exec_run(['sh', '-c', 'exit 7']).exit_code
emit({'plain': plain, 'demux': demux, 'tty': tty, 'env': env, 'code': code})
`,
  );
  const text = (v: string | null): string | null => fromB64(v)?.toString() ?? null;
  assert.deepEqual(new Set(r.plain.map(text)), new Set(['hello\n']));
  assert.deepEqual(new Set(r.demux.map(([o, e]) => JSON.stringify([text(o), text(e)]))), new Set([JSON.stringify(['hello out\n', 'hello err\n'])]));
  assert.deepEqual(new Set(r.tty.map(text)), new Set(['hello out\r\nhello err\r\n']));
  assert.equal(r.env, 'hi there\n');
  assert.equal(r.code, 7);
});

test('docker exec: stdout and stderr apart, a TTY whole, piped stdin, Env, exit codes, a start failure as dockerd reports it', async () => {
  await container();
  const split = await docker(['exec', 'ex', 'sh', '-c', BOTH]);
  assert.deepEqual([split.code, split.stdout, split.stderr], [0, 'hello out\n', 'hello err\n']);
  const tty = await docker(['exec', '-t', 'ex', 'sh', '-c', BOTH]);
  assert.deepEqual([tty.code, tty.stdout], [0, 'hello out\r\nhello err\r\n']);
  const piped = await d.docker(['exec', '-i', 'ex', 'cat'], { input: 'hi\n' });
  assert.deepEqual([piped.code, piped.stdout], [0, 'hi\n']);
  assert.equal(await ok(docker, ['exec', '-e', 'FOO=bar', '-e', 'EMPTY=', 'ex', 'sh', '-c', 'echo "$FOO/${EMPTY-unset}"']), 'bar/');
  assert.equal((await docker(['exec', 'ex', 'sh', '-c', 'exit 3'])).code, 3);
  // dockerd writes the failure into the attached stream and records 126 (cannot invoke).
  const noUser = await docker(['exec', '-u', 'nosuchuser', 'ex', 'true']);
  assert.equal(noUser.code, 126);
  assert.match(noUser.stdout + noUser.stderr, /unable to find user nosuchuser/);
});

test('dockerode: a hijacked start with stdin feeds the process and ends with its exit code', async () => {
  await container();
  const client = new Docker({ socketPath: d.socket });
  const exec = await client.getContainer('ex').exec({ Cmd: ['sh', '-c', 'cat; echo done >&2'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  client.modem.demuxStream(stream, stdout, stderr);
  let ended = false;
  stream.on('end', () => (ended = true));
  stream.on('close', () => (ended = true));
  stream.end('from dockerode\n');
  await waitFor(() => ended, { what: 'the exec stream to end' });
  assert.equal(Buffer.concat(out).toString(), 'from dockerode\n');
  assert.equal(Buffer.concat(err).toString(), 'done\n');
  const inspected = await exec.inspect();
  assert.deepEqual([inspected.Running, inspected.ExitCode], [false, 0]);
});

/**
 * `docker exec -it` under a pseudo-terminal (util-linux `script`): once the process
 * printed `ready`, `type` sends keys; resolves with the CLI's exit code and output.
 */
async function execInTerminal(cmd: string, type: (write: (keys: string) => void, output: () => string) => Promise<void>, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, ...d.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let code: number | undefined;
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.on('close', (c) => (code = c ?? -1));
  try {
    await waitFor(() => output.includes('ready') || code !== undefined, { what: `${cmd} to print ready` });
    await type((keys) => child.stdin.write(keys), () => output);
    await waitFor(() => code !== undefined, { what: `${cmd} to detach` });
    return { code: code ?? -1, output };
  } finally {
    if (code === undefined) child.kill('SIGKILL');
  }
}

/** What the docker CLI (28) exits with after a detach from an exec, against dockerd too. */
const DETACHED_EXEC_EXIT = 1;

async function stillRunning(marker: string): Promise<boolean> {
  return (await ok(docker, ['top', 'ex'])).includes(marker);
}

test('docker exec -it detaches on Ctrl-P Ctrl-Q and leaves the process running', async () => {
  await container();
  const r = await execInTerminal("docker exec -it ex sh -c 'echo ready; exec sleep 1001'", async (write) => write('\x10\x11'));
  assert.equal(r.code, DETACHED_EXEC_EXIT, r.output);
  assert.match(r.output, /read escape sequence/);
  assert.ok(await stillRunning('sleep 1001'));
});

test('custom detach keys, from --detach-keys and from detachKeys in the CLI config, replace Ctrl-P Ctrl-Q', async () => {
  await container();
  const config = await mkdtemp(join(tmpdir(), 'wharf-cli-config-'));
  try {
    await writeFile(join(config, 'config.json'), JSON.stringify({ detachKeys: 'ctrl-a,a' }));
    const cases = [
      { flag: '--detach-keys ctrl-x,x ', keys: '\x18x', marker: 'sleep 1002' },
      { flag: '', keys: '\x01a', marker: 'sleep 1003' },
    ];
    for (const { flag, keys, marker } of cases) {
      const cmd = `docker exec -it ${flag}ex sh -c 'echo ready; read line; echo got-it; exec ${marker}'`;
      const r = await execInTerminal(
        cmd,
        async (write, output) => {
          // The default keys are plain input now: they reach the process, which answers.
          write('\x10\x11x\r');
          await waitFor(() => output().includes('got-it'), { what: `${cmd} to read a line past Ctrl-P Ctrl-Q` });
          write(keys);
        },
        { DOCKER_CONFIG: config },
      );
      assert.equal(r.code, DETACHED_EXEC_EXIT, r.output);
      assert.match(r.output, /read escape sequence/);
      assert.ok(await stillRunning(marker), `${marker} still running after the detach`);
    }
  } finally {
    await rm(config, { recursive: true, force: true });
  }
});
