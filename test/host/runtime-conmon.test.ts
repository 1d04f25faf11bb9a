/**
 * The runtime against real runc, conmon and busybox (run as root).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Spec } from '../../src/oci/runtime-spec.js';
import { isConflict, isNotFound } from '../../src/errdefs/index.js';
import { hostDevices } from '../../src/runtime/devices.js';
import { isStartFailure } from '../../src/runtime/errors.js';
import { readLogs } from '../../src/runtime/logs.js';
import { ConmonRuntime } from '../../src/runtime/runtime.js';
import { Cleanup, makeBusyboxRootfs, removeTestCgroups, makeTempDir, newTestId, testSpec } from '../../src/runtime/testing/fixtures.js';
import type { CreateOptions, StdioChunk, StdioSession } from '../../src/runtime/types.js';

const TIMEOUT = 15_000;
const execFileP = promisify(execFile);

let root: string;
let rootfs: string;
let rt: ConmonRuntime;
const cleanup = new Cleanup();

before(async () => {
  root = await makeTempDir();
  cleanup.dir(root);
  cleanup.add(() => removeTestCgroups());
  rootfs = await makeBusyboxRootfs(join(root, 'rootfs'));
  rt = new ConmonRuntime({ execRoot: join(root, 'exec'), timeoutMs: TIMEOUT });
  cleanup.add(async () => rt.close());
});

after(() => cleanup.run());

interface Started {
  id: string;
  logPath: string;
  bundleDir: string;
}

/** Create (and by default start) a container; it is force-deleted at the end whatever happens. */
async function run(args: string[], opts: Partial<CreateOptions> & { start?: boolean; spec?: Spec } = {}): Promise<Started> {
  const id = newTestId();
  const bundleDir = join(root, 'bundles', id);
  await mkdir(bundleDir, { recursive: true });
  const logPath = join(bundleDir, 'ctr.log');
  const spec = opts.spec ?? (await testSpec(id, rootfs, args, { tty: opts.tty ?? false }));
  cleanup.add(() => rt.delete(id, { force: true }));
  await rt.create(id, { bundleDir, spec, tty: false, openStdin: false, stdinOnce: false, logPath, ...opts });
  if (opts.start ?? true) await rt.start(id);
  return { id, logPath, bundleDir };
}

async function collect(session: StdioSession, until: (text: string) => boolean = () => false): Promise<string> {
  let text = '';
  for await (const chunk of session.output as AsyncIterable<StdioChunk>) {
    text += chunk.data.toString();
    if (until(text)) break;
  }
  return text;
}

// Long only as a suite: the body is a list of independent `it` cases.
describe('ConmonRuntime', { timeout: 120_000 }, () => {
  it('runs true and exit 3 and reports their exit codes', async () => {
    const ok = await run(['true']);
    assert.equal((await rt.waitExit(ok.id)).exitCode, 0);
    const three = await run(['sh', '-c', 'exit 3']);
    const status = await rt.waitExit(three.id);
    assert.equal(status.exitCode, 3);
    assert.equal(status.oomKilled, false);
    assert.equal((await rt.state(three.id))?.status, 'stopped');
  });

  it('writes output to the k8s-file log and reads it back', async () => {
    const c = await run(['sh', '-c', 'echo out1; echo err1 >&2; printf part; printf ial; echo; printf tail']);
    await rt.waitExit(c.id);
    const raw = await readFile(c.logPath, 'utf8');
    assert.match(raw, /^\S+ stdout F out1$/m);
    assert.match(raw, /^\S+ stderr F err1$/m);
    // stdout and stderr are separate pipes: their relative order is not defined, only each stream's.
    const byStream: Record<string, string[]> = { stdout: [], stderr: [] };
    for await (const e of readLogs(c.logPath)) byStream[e.stream]!.push(e.data.toString());
    assert.deepEqual(byStream, { stdout: ['out1\n', 'partial\n', 'tail'], stderr: ['err1\n'] });
  });

  it('reads the tail of a log, counting a last line without newline', async () => {
    const c = await run(['sh', '-c', 'echo a; echo b; echo c; printf d']);
    await rt.waitExit(c.id);
    const tail = async (n: number): Promise<string[]> => {
      const out: string[] = [];
      for await (const e of readLogs(c.logPath, { tail: n })) out.push(e.data.toString());
      return out;
    };
    assert.deepEqual(await tail(2), ['c\n', 'd']);
    assert.deepEqual(await tail(1), ['d']);
    assert.deepEqual(await tail(0), []);
    assert.deepEqual(await tail(10), ['a\n', 'b\n', 'c\n', 'd']);
  });

  it('follows a log until the container stops', async () => {
    const c = await run(['sh', '-c', 'echo one; sleep 1; echo two']);
    const exited = rt.waitExit(c.id);
    const lines: string[] = [];
    for await (const e of readLogs(c.logPath, { follow: true, stopped: exited })) lines.push(e.data.toString());
    assert.deepEqual(lines, ['one\n', 'two\n']);
  });

  it('attaches stdin and stdout of cat', async () => {
    const c = await run(['cat'], { openStdin: true, stdinOnce: true });
    const session = await rt.attach(c.id, { stdin: true, stdout: true, stderr: true });
    session.stdin?.write('hello wharf\n');
    const echoed = await collect(session, (t) => t.includes('hello wharf\n'));
    assert.equal(echoed, 'hello wharf\n');
    session.stdin?.end();
    // stdinOnce: closing our stdin closes cat's, so it exits 0.
    assert.equal((await rt.waitExit(c.id)).exitCode, 0);
    session.close();
  });

  it('resizes a tty', async () => {
    const id = newTestId();
    const spec = await testSpec(id, rootfs, ['sh', '-c', 'read line; stty size'], { tty: true });
    const bundleDir = join(root, 'bundles', id);
    await mkdir(bundleDir, { recursive: true });
    cleanup.add(() => rt.delete(id, { force: true }));
    await rt.create(id, { bundleDir, spec, tty: true, openStdin: true, stdinOnce: false, logPath: join(bundleDir, 'ctr.log') });
    await rt.start(id);
    const session = await rt.attach(id, { stdin: true, stdout: true, stderr: true });
    await rt.resize(id, { height: 33, width: 101 });
    session.stdin?.write('go\r');
    const out = await collect(session, (t) => /\d+ \d+/.test(t));
    assert.match(out, /33 101/);
    assert.equal((await rt.waitExit(id)).exitCode, 0);
    session.close();
  });

  it('execs into a running container', async () => {
    const c = await run(['sleep', '100']);
    const spec = await testSpec(c.id, rootfs, ['echo', 'hi']);
    const ex = await rt.exec(c.id, newTestId(), spec.process!, { tty: false, stdin: false, detach: false });
    assert.ok(ex.pid > 0);
    const out = await collect(ex.stdio!);
    assert.equal(out, 'hi\n');
    assert.equal((await ex.exited).exitCode, 0);

    const failing = await rt.exec(c.id, newTestId(), { ...spec.process!, args: ['sh', '-c', 'echo oops >&2; exit 7'] }, { tty: false, stdin: false, detach: false });
    const chunks: StdioChunk[] = [];
    for await (const ch of failing.stdio!.output as AsyncIterable<StdioChunk>) chunks.push(ch);
    assert.deepEqual(chunks.map((ch) => [ch.stream, ch.data.toString()]), [['stderr', 'oops\n']]);
    assert.equal((await failing.exited).exitCode, 7);

    await assert.rejects(
      rt.exec(c.id, newTestId(), { ...spec.process!, args: ['nosuch'] }, { tty: false, stdin: false, detach: false }),
      (err: unknown) => {
        assert.ok(isStartFailure(err));
        assert.equal(err.reason, 'executable-not-found');
        assert.equal(err.exitCode, 127);
        // runc's message only, never its log framing (`time=… level=error msg="…"`): no other module parses it.
        assert.match(err.message, /^OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH$/);
        return true;
      },
    );
  });

  it('pauses and resumes', async () => {
    const c = await run(['sleep', '100']);
    await rt.pause(c.id);
    assert.equal((await rt.state(c.id))?.status, 'paused');
    await rt.resume(c.id);
    assert.equal((await rt.state(c.id))?.status, 'running');
  });

  it('reports 143 for SIGTERM through --init', async () => {
    const id = newTestId();
    const spec = await testSpec(id, rootfs, ['sleep', '100'], { initPath: '/usr/bin/tini-static' });
    const c = await run([], { spec });
    const before = await rt.state(c.id);
    assert.equal(before?.status, 'running');
    await rt.kill(c.id, 'SIGTERM');
    assert.equal((await rt.waitExit(c.id)).exitCode, 143);
  });

  it('reports stats, pids and top', async () => {
    const c = await run(['sleep', '100']);
    const stats = await rt.stats(c.id);
    assert.ok((stats.memory_stats.usage ?? 0) > 0);
    assert.ok(stats.cpu_stats.cpu_usage.total_usage > 0);
    assert.equal(stats.pids_stats.current, 1);
    const st = await rt.state(c.id);
    assert.deepEqual(await rt.pids(c.id), [st!.pid]);
    const top = await rt.top(c.id);
    assert.ok(top.Titles.includes('PID'));
    assert.equal(top.Processes.length, 1);
    assert.match(top.Processes[0]!.at(-1)!, /sleep 100/);
  });

  it('fails create with a typed error for a missing executable', async () => {
    await assert.rejects(run(['nosuch']), (err: unknown) => {
      assert.ok(isStartFailure(err));
      assert.equal(err.reason, 'executable-not-found');
      assert.match(err.message, /exec: "nosuch": executable file not found in \$PATH/);
      return true;
    });
  });

  it('applies the default seccomp profile, masked paths and capabilities', async () => {
    const c = await run(['sh', '-c', 'unshare -U true; echo unshare=$?; cat /proc/kcore | head -c 1 | wc -c; grep CapEff /proc/self/status']);
    assert.equal((await rt.waitExit(c.id)).exitCode, 0);
    const text = (await readFile(c.logPath, 'utf8'))
      .split('\n')
      .map((l) => l.split(' ').slice(3).join(' '))
      .join('\n');
    assert.match(text, /unshare: unshare\(0x10000000\): Operation not permitted/);
    assert.match(text, /unshare=1/);
    // /proc/kcore is masked by /dev/null: nothing to read.
    assert.match(text, /^0$/m);
    assert.match(text, /CapEff:\s+00000000a80425fb/);
  });
});

describe('ConmonRuntime, more lifecycle', { timeout: 120_000 }, () => {
  it('runs privileged containers with every capability of the daemon and the host devices', async () => {
    const id = newTestId();
    const spec = await testSpec(id, rootfs, ['sh', '-c', 'grep CapEff /proc/self/status; ls /dev/null /dev/zero'], {
      privileged: true,
      devices: await hostDevices(),
    });
    const c = await run([], { spec });
    assert.equal((await rt.waitExit(c.id)).exitCode, 0);
    const bnd = /^CapBnd:\s*([0-9a-f]+)$/m.exec(await readFile('/proc/self/status', 'utf8'))![1];
    assert.match(await readFile(c.logPath, 'utf8'), new RegExp(`CapEff:\\s+${bnd}`));
  });

  it('updates resources of a running container', async () => {
    const c = await run(['sleep', '100']);
    await rt.update(c.id, { memory: { limit: 64 * 1024 * 1024 }, pids: { limit: 20 } });
    const stats = await rt.stats(c.id);
    assert.equal(stats.memory_stats.limit, 64 * 1024 * 1024);
    assert.equal(stats.pids_stats.limit, 20);
  });

  it('execs with stdin, and detached', async () => {
    const c = await run(['sleep', '100']);
    const proc = (await testSpec(c.id, rootfs, ['cat'])).process!;
    const ex = await rt.exec(c.id, newTestId(), proc, { tty: false, stdin: true, detach: false });
    ex.stdio!.stdin!.end('piped\n');
    assert.equal(await collect(ex.stdio!), 'piped\n');
    assert.equal((await ex.exited).exitCode, 0);

    const detached = await rt.exec(c.id, newTestId(), { ...proc, args: ['sh', '-c', 'exit 5'] }, { tty: false, stdin: false, detach: true });
    assert.equal(detached.stdio, undefined);
    assert.equal((await detached.exited).exitCode, 5);
  });

  it('execs with a tty of the requested size', async () => {
    const c = await run(['sleep', '100']);
    const proc = (await testSpec(c.id, rootfs, ['stty', 'size'])).process!;
    const ex = await rt.exec(c.id, newTestId(), proc, { tty: true, stdin: false, detach: false, consoleSize: { height: 20, width: 70 } });
    const out = await collect(ex.stdio!);
    assert.match(out, /20 70/);
    assert.equal((await ex.exited).exitCode, 0);
  });

  it('closes stdin of a StdinOnce container', async () => {
    const c = await run(['sh', '-c', 'cat; echo eof'], { openStdin: true, stdinOnce: true });
    await rt.closeStdin(c.id);
    assert.equal((await rt.waitExit(c.id)).exitCode, 0);
    assert.match(await readFile(c.logPath, 'utf8'), /stdout F eof/);
  });

  it('deletes a created container and forgets it', async () => {
    const c = await run(['true'], { start: false });
    assert.equal((await rt.state(c.id))?.status, 'created');
    const exited = rt.waitExit(c.id);
    await rt.delete(c.id, { force: true });
    assert.equal((await exited).exitCode, 137);
    assert.equal(await rt.state(c.id), undefined);
    await assert.rejects(rt.stats(c.id), (e: unknown) => isNotFound(e));
    await assert.rejects(rt.kill(c.id, 'TERM'), (e: unknown) => isNotFound(e));
    await assert.rejects(readFile(join(root, 'exec', 'containers', c.id, 'conmon.pid')), /ENOENT/);
  });

  it('reports an OOM kill', async () => {
    const id = newTestId();
    const limit = 16 * 1024 * 1024;
    const spec = await testSpec(id, rootfs, ['sh', '-c', 'a=$(head -c 200000000 /dev/zero | tr "\\0" x); echo survived'], {
      resources: { memory: limit, memorySwap: limit },
    });
    const c = await run([], { spec });
    const status = await rt.waitExit(c.id);
    assert.equal(status.oomKilled, true);
    assert.equal(status.exitCode, 137);
  });

  it('fails to kill a stopped container with a conflict', async () => {
    const c = await run(['true']);
    await rt.waitExit(c.id);
    await assert.rejects(rt.kill(c.id, 'KILL'), (e: unknown) => isConflict(e));
  });
});

describe('ConmonRuntime across daemon restarts', { timeout: 60_000 }, () => {
  it('keeps the container running after its starter exits, and a new runtime sees the exit', async () => {
    const id = newTestId();
    const bundleDir = join(root, 'bundles', id);
    await mkdir(bundleDir, { recursive: true });
    const logPath = join(bundleDir, 'ctr.log');
    await writeFile(join(bundleDir, 'config.json'), JSON.stringify(await testSpec(id, rootfs, ['sh', '-c', 'echo started; sleep 100'])));
    cleanup.add(() => rt.delete(id, { force: true }));
    // Run from source under tsx, or compiled from dist/: start the sibling starter either way.
    const fromSource = import.meta.url.endsWith('.ts');
    const starter = fileURLToPath(new URL(`../../src/runtime/testing/start-detached.${fromSource ? 'ts' : 'js'}`, import.meta.url));
    const loader = fromSource ? ['--import', 'tsx'] : [];
    const { stdout } = await execFileP(process.execPath, [...loader, starter, join(root, 'exec'), id, bundleDir, logPath]);
    const pid = Number(stdout.trim());
    assert.ok(pid > 0);

    // A fresh runtime over the same exec root plays the restarted daemon.
    const restarted = new ConmonRuntime({ execRoot: join(root, 'exec'), timeoutMs: TIMEOUT });
    try {
      assert.deepEqual(await restarted.state(id), { status: 'running', pid, bundle: bundleDir });
      const conmonPid = Number(await readFile(join(root, 'exec', 'containers', id, 'conmon.pid'), 'utf8'));
      const ppid = Number((await readFile(`/proc/${conmonPid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[1]);
      assert.notEqual(ppid, process.pid);
      const exited = restarted.waitExit(id);
      await restarted.kill(id, 'KILL');
      const status = await exited;
      assert.equal(status.exitCode, 137);
      assert.match(await readFile(logPath, 'utf8'), /stdout F started/);
    } finally {
      restarted.close();
    }
  });
});
