import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { bothClients, ok, type Cli } from '../support/clients.js';
import { makeContext, removeContexts, writeTree } from '../support/build-context.js';

let d: Daemon;
before(async () => {
  d = await Daemon.start();
});
after(async () => {
  await d?.destroy();
  await removeContexts();
});

const build = (c: Cli, args: string[], opts?: { input?: string | Buffer }) => c(['build', ...args], opts);

bothClients('build, run, and a full cache hit on rebuild', () => d, async (c, client) => {
  const ctx = await makeContext({
    'Dockerfile': 'FROM busybox\nENV GREETING=hi\nCOPY msg.txt /app/\nRUN echo "$GREETING $(cat /app/msg.txt)" > /app/out.txt\nWORKDIR /app\nCMD ["cat", "out.txt"]\n',
    'msg.txt': `there ${client}`,
  });
  const first = await build(c, ['-t', `b1-${client}`, ctx]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Step 1\/6 : FROM busybox\n ---> [0-9a-f]{12}\n/);
  assert.match(first.stdout, /Step 4\/6 : RUN echo .*\n ---> Running in ([0-9a-f]{12})\n ---> Removed intermediate container \1\n ---> [0-9a-f]{12}\n/);
  assert.match(first.stdout, new RegExp(`Successfully built [0-9a-f]{12}\nSuccessfully tagged b1-${client}:latest\n`));
  assert.equal(await ok(c, ['run', '--rm', `b1-${client}`]), `hi there ${client}`);

  const again = await build(c, ['-t', `b1-${client}`, ctx]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.match(/ ---> Using cache\n/g)?.length, 5);
  assert.doesNotMatch(again.stdout, /Running in/);
  const id = (s: string) => /Successfully built ([0-9a-f]{12})/.exec(s)?.[1];
  assert.equal(id(again.stdout), id(first.stdout));
});

bothClients('editing a file used by a late COPY rebuilds from that step on', () => d, async (c, client) => {
  const ctx = await makeContext({
    'Dockerfile': `FROM busybox\nRUN echo early ${client} > /early\nCOPY late.txt /late\nRUN cat /late > /copy\n`,
    'late.txt': 'v1',
  });
  await ok(c, ['build', ctx]);
  await writeTree(ctx, { 'late.txt': 'v2' });
  const r = await build(c, ['-t', 'late', ctx]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Step 2\/4 : RUN echo early \w+ > \/early\n ---> Using cache\n/);
  assert.match(r.stdout, /Step 3\/4 : COPY late.txt \/late\n ---> [0-9a-f]{12}\n/);
  assert.match(r.stdout, /Step 4\/4 : RUN cat \/late > \/copy\n ---> Running in/);
  assert.equal(await ok(c, ['run', '--rm', 'late', 'cat', '/copy']), 'v2');
});

bothClients('multi-stage: --target builds only what it needs; COPY --from a stage', () => d, async (c, client) => {
  const ctx = await makeContext({
    'Dockerfile': [
      'FROM busybox AS base',
      'RUN echo base > /base.txt',
      'FROM base AS tool',
      'RUN echo tool > /tool.txt',
      'FROM busybox AS broken',
      'RUN echo this stage is not needed && exit 7',
      'FROM busybox',
      'COPY --from=tool /tool.txt /base.txt /out/',
      'CMD ["cat", "/out/tool.txt", "/out/base.txt"]',
      '',
    ].join('\n'),
  });
  const t = await build(c, ['--target', 'tool', '-t', `tool-${client}`, ctx]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /Step 4\/4 : RUN echo tool/);
  assert.doesNotMatch(t.stdout, /not needed/);
  assert.equal(await ok(c, ['run', '--rm', `tool-${client}`, 'cat', '/base.txt', '/tool.txt']), 'base\ntool');
  // The default target needs tool (and so base) but never the broken stage.
  const all = await build(c, ['-t', `final-${client}`, ctx]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(await ok(c, ['run', '--rm', `final-${client}`]), 'tool\nbase');
  const missing = await build(c, ['--target', 'nope', ctx]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /target stage "nope" could not be found/);
});

bothClients('.dockerignore keeps excluded files out of the context', () => d, async (c, client) => {
  const ctx = await makeContext({
    'Dockerfile': 'FROM busybox\nCOPY . /ctx/\n',
    '.dockerignore': 'secret*\nlogs/\n!logs/keep.log\nDockerfile\n',
    'secret.txt': 'x',
    'app.txt': 'a',
    'logs/a.log': 'a',
    'logs/keep.log': 'k',
  });
  await ok(c, ['build', '-t', `ign-${client}`, ctx]);
  const files = await ok(c, ['run', '--rm', `ign-${client}`, 'find', '/ctx', '-type', 'f']);
  // An ignored Dockerfile is still sent and read, but is not part of what COPY sees.
  assert.deepEqual(files.split('\n').sort(), ['/ctx/.dockerignore', '/ctx/app.txt', '/ctx/logs/keep.log']);
  await writeTree(ctx, { 'Dockerfile': 'FROM busybox\nCOPY secret.txt /\n' });
  const r = await build(c, [ctx]);
  assert.notEqual(r.code, 0);
  assert.match(r.stdout + r.stderr, /file not found in build context or excluded by \.dockerignore/);
});

bothClients('history has one row per instruction, sizes on the layers', () => d, async (c, client) => {
  const ctx = await makeContext({ 'Dockerfile': 'FROM busybox\nLABEL a=b\nCOPY f /f\nRUN echo x > /x\nCMD ["sh"]\n', 'f': 'x'.repeat(5000) });
  await ok(c, ['build', '-t', `hist-${client}`, ctx]);
  const rows = (await ok(c, ['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Size}}', `hist-${client}`])).split('\n');
  assert.equal(rows.length, 5);
  assert.match(rows[0] ?? '', /^\/bin\/sh -c #\(nop\)  CMD \["sh"\]\|0B$/);
  assert.match(rows[1] ?? '', /^\/bin\/sh -c echo x > \/x\|\d+B$/);
  assert.match(rows[2] ?? '', /^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/f \|5kB$/);
  assert.match(rows[3] ?? '', /LABEL a=b\|0B$/);
  const cfg = JSON.parse(await ok(c, ['image', 'inspect', '--format', '{{json .Config}}', `hist-${client}`]));
  assert.deepEqual(cfg.Labels, { a: 'b' });
  assert.deepEqual(cfg.Cmd, ['sh']);
});

bothClients('bad input: syntax, unknown instruction, paths outside the context, unset FROM args, failing RUN', () => d, async (c, client) => {
  const ctx = await makeContext({ 'ok.txt': 'ok', 'escape': { symlink: '/etc/passwd' }, 'Dockerfile': 'FROM busybox\n' });
  const fails = async (dockerfile: string, pattern: RegExp, code = 1, extra: string[] = []): Promise<void> => {
    await writeTree(ctx, { 'Dockerfile': dockerfile });
    const r = await build(c, [...extra, ctx]);
    assert.equal(r.code, code, `${dockerfile}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, pattern);
  };
  await fails('FROM busybox\nRUN true\nFOO bar\n', /Dockerfile:3: dockerfile parse error on line 3: unknown instruction: FOO/);
  await fails('FROM busybox\nENV\n', /Dockerfile:2: .*ENV requires at least one argument/);
  await fails('FROM busybox\nRUN <<EOF\necho\n', /Dockerfile:2: .*heredoc/i);
  await fails('FROM busybox\nCOPY ../outside /x\n', /Dockerfile:2: forbidden path outside the build context: \.\.\/outside/);
  await fails('FROM busybox\nCOPY escape /x\n', /Dockerfile:2: forbidden path outside the build context: escape \(\/etc\/passwd\)/);
  await fails('ARG TAG\nFROM busybox:${TAG}\n', /uses build arg TAG with no value/);
  await fails('FROM busybox\nRUN echo about to fail; exit 3\n', /The command '\/bin\/sh -c echo about to fail; exit 3' returned a non-zero code: 3/, 3, ['-t', `never-${client}`]);
  const inspect = await c(['image', 'inspect', `never-${client}`]);
  assert.notEqual(inspect.code, 0, 'a failed build must not tag');
});

test('wharf build: -f outside the context, -f -, stdin tar and Dockerfile, -q, --iidfile, --label, --build-arg', async () => {
  const w = (a: string[], o?: { input?: string | Buffer }) => d.wharf(a, o);
  const ctx = await makeContext({ 'data.txt': 'data', 'sub/inner.txt': 'inner' });
  const outside = await makeContext({ 'Build.df': 'FROM busybox\nARG WHO=nobody\nCOPY data.txt /\nRUN echo "$WHO" > /who\n' });
  const iid = join(outside, 'iid');
  const r = await w(['build', '-f', join(outside, 'Build.df'), '--iidfile', iid, '--build-arg', 'WHO=me', '--label', 'team=core', '-t', 'fout', '-t', 'fout:v2', ctx]);
  assert.equal(r.code, 0, r.stderr);
  const id = (await readFile(iid, 'utf8')).trim();
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(await ok(w, ['run', '--rm', 'fout:v2', 'cat', '/data.txt', '/who']), 'datame');
  assert.equal(await ok(w, ['image', 'inspect', '--format', '{{.Id}} {{index .Config.Labels "team"}}', 'fout']), `${id} core`);

  const q = await w(['build', '-q', '-f', '-', ctx], { input: 'FROM busybox\nCOPY sub /sub\n' });
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout, /^sha256:[0-9a-f]{64}\n$/);

  const only = await w(['build', '-t', 'dfonly', '-'], { input: 'FROM busybox\nRUN echo from stdin > /s\n' });
  assert.equal(only.code, 0, only.stderr);
  assert.equal(await ok(w, ['run', '--rm', 'dfonly', 'cat', '/s']), 'from stdin');

  const tarred = execFileSync('tar', ['-C', ctx, '-c', '.']);
  await writeTree(ctx, {});
  const t = await w(['build', '-f', 'sub/Dockerfile', '-t', 'fromtar', '-'], {
    input: Buffer.concat([execFileSync('sh', ['-c', `cd ${ctx} && mkdir -p sub && printf 'FROM busybox\\nCOPY data.txt /d\\n' > sub/Dockerfile && tar -c .`])]),
  });
  assert.ok(tarred.length > 0);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(await ok(w, ['run', '--rm', 'fromtar', 'cat', '/d']), 'data');
});

test('ADD: local tar archives are unpacked, URLs downloaded; COPY --chown/--chmod, heredocs', async () => {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'Last-Modified': new Date('2020-01-02T03:04:05Z').toUTCString() });
    res.end(`served ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const ctx = await makeContext({ 'pkg/a.txt': 'A', 'pkg/b/c.txt': 'C', 'plain.txt': 'p' });
    execFileSync('tar', ['-C', join(ctx, 'pkg'), '-czf', join(ctx, 'pkg.tgz'), '.']);
    await writeTree(ctx, {
      'Dockerfile': [
        'FROM busybox',
        'ADD pkg.tgz /opt/pkg/',
        `ADD http://127.0.0.1:${port}/file.txt /dl/`,
        'COPY --chown=1000:1001 --chmod=640 plain.txt /owned.txt',
        'COPY <<EOF /etc/inline.conf',
        'key=value',
        'EOF',
        'RUN <<EOF',
        'set -e',
        'cat /opt/pkg/a.txt /opt/pkg/b/c.txt > /result',
        'cat /dl/file.txt >> /result',
        'stat -c "%u:%g %a" /owned.txt /dl/file.txt >> /result',
        'cat /etc/inline.conf >> /result',
        'EOF',
        '',
      ].join('\n'),
    });
    await ok((a, o) => d.wharf(a, o), ['build', '--network', 'host', '-t', 'adds', ctx]);
    assert.equal(await ok((a, o) => d.wharf(a, o), ['run', '--rm', 'adds', 'cat', '/result']), 'ACserved /file.txt1000:1001 640\n0:0 600\nkey=value');
  } finally {
    server.close();
  }
});

test('independent stages build at the same time', async () => {
  // Stage a serves and waits until stage b has fetched from it: built one after the other, a would give up.
  // b says it is done with a second request, so a never stops serving while b's fetch is still answered.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const ctx = await makeContext({
    'Dockerfile': [
      'FROM busybox AS a',
      `RUN mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho\\necho ok\\n' > /www/cgi-bin/hit && printf '#!/bin/sh\\necho\\ntouch /got\\n' > /www/cgi-bin/done \\`,
      ` && chmod +x /www/cgi-bin/hit /www/cgi-bin/done && httpd -p 127.0.0.1:${port} -h /www && for i in $(seq 300); do [ -f /got ] && exit 0; sleep 0.1; done; exit 1`,
      'FROM busybox AS b',
      `RUN for i in $(seq 300); do wget -qO /sent http://127.0.0.1:${port}/cgi-bin/hit && { wget -qO- http://127.0.0.1:${port}/cgi-bin/done; exit 0; }; sleep 0.1; done; exit 1`,
      'FROM busybox',
      'COPY --from=a /got /a',
      'COPY --from=b /sent /b',
      '',
    ].join('\n'),
  });
  const r = await d.wharf(['build', '--network', 'host', ctx]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  // Output still reads in Dockerfile order.
  assert.match(r.stdout, /Step 1\/7 : FROM busybox AS a[\s\S]*Step 3\/7 : FROM busybox AS b[\s\S]*Step 5\/7 : FROM busybox\n/);
});

test('the cache survives a daemon restart and is counted in system df; builder prune empties it', async () => {
  const ctx = await makeContext({ 'Dockerfile': 'FROM busybox\nRUN echo cached > /c\n' });
  await ok((a, o) => d.wharf(a, o), ['build', ctx]);
  const df = await ok((a, o) => d.docker(a, o), ['system', 'df', '--format', '{{.Type}} {{.TotalCount}}']);
  assert.match(df, /Build Cache [1-9]/);
  await d.stopDaemon();
  await d.spawn();
  const again = await ok((a, o) => d.wharf(a, o), ['build', ctx]);
  assert.match(again, /RUN echo cached > \/c\n ---> Using cache/);
  await ok((a, o) => d.docker(a, o), ['builder', 'prune', '-f']);
  const cold = await ok((a, o) => d.wharf(a, o), ['build', ctx]);
  assert.match(cold, / ---> Running in/);
});

bothClients('every metadata instruction lands in the config; ONBUILD triggers run in the child build', () => d, async (c, client) => {
  const ctx = await makeContext({
    'Dockerfile': [
      'FROM busybox',
      'ARG PORT=8080',
      `LABEL org.example.client=${client} multi="a b"`,
      'ENV A=1 B="two words"',
      'ENV LEGACY old form',
      'EXPOSE $PORT 53/udp',
      'VOLUME ["/data", "/cache"]',
      'WORKDIR /srv',
      'WORKDIR app',
      'USER nobody',
      'STOPSIGNAL SIGQUIT',
      'HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost || exit 1',
      'SHELL ["/bin/sh", "-ec"]',
      'ENTRYPOINT ["/bin/echo"]',
      'CMD ["hello"]',
      'ONBUILD RUN echo triggered > /tmp/onbuild',
      '',
    ].join('\n'),
  });
  await ok(c, ['build', '-t', `meta-${client}`, ctx]);
  const cfg = JSON.parse(await ok(c, ['image', 'inspect', '--format', '{{json .Config}}', `meta-${client}`]));
  assert.deepEqual(cfg.Labels, { 'org.example.client': client, multi: 'a b' });
  assert.ok(cfg.Env.includes('A=1') && cfg.Env.includes('B=two words') && cfg.Env.includes('LEGACY=old form'));
  assert.deepEqual(cfg.ExposedPorts, { '8080/tcp': {}, '53/udp': {} });
  assert.deepEqual(cfg.Volumes, { '/data': {}, '/cache': {} });
  assert.equal(cfg.WorkingDir, '/srv/app');
  assert.equal(cfg.User, 'nobody');
  assert.equal(cfg.StopSignal, 'SIGQUIT');
  assert.deepEqual(cfg.Healthcheck, { Test: ['CMD-SHELL', 'wget -q localhost || exit 1'], Interval: 5e9, Retries: 2 });
  assert.deepEqual(cfg.Shell, ['/bin/sh', '-ec']);
  assert.deepEqual(cfg.Entrypoint, ['/bin/echo']);
  assert.deepEqual(cfg.Cmd, ['hello']);
  assert.deepEqual(cfg.OnBuild, ['RUN echo triggered > /tmp/onbuild']);
  assert.equal(await ok(c, ['run', '--rm', `meta-${client}`]), 'hello');

  const child = await makeContext({ 'Dockerfile': `FROM meta-${client}\nUSER root\nRUN test "$A" = 1\n` });
  const r = await build(c, ['-t', `child-${client}`, child]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /# Executing 1 build trigger\n/);
  assert.equal(await ok(c, ['run', '--rm', '--entrypoint', 'cat', `child-${client}`, '/tmp/onbuild']), 'triggered');
  assert.equal(await ok(c, ['image', 'inspect', '--format', '{{json .Config.OnBuild}}', `child-${client}`]), 'null');
});

test('COPY rules: globs, directory contents, trailing slash, WORKDIR-relative, ARG scoping per stage, RUN as USER', async () => {
  const w = (a: string[], o?: { input?: string | Buffer }) => d.wharf(a, o);
  const ctx = await makeContext({
    'a.txt': 'a',
    'b.txt': 'b',
    'c.md': 'c',
    'dir/x': 'x',
    'dir/sub/y': 'y',
    'Dockerfile': [
      'ARG GLOBAL=g',
      'FROM busybox',
      'ARG GLOBAL',
      'ARG LOCAL=l',
      'COPY *.txt /globbed/',
      'COPY dir /contents',
      'COPY a.txt /renamed',
      'COPY a.txt /existing-dir/',
      'WORKDIR /w',
      'COPY b.txt rel/',
      'RUN echo "$GLOBAL-$LOCAL" > /args',
      'USER nobody',
      'RUN id -un > /tmp/who',
      '',
    ].join('\n'),
  });
  await ok(w, ['build', '-t', 'copies', ctx]);
  const out = await ok(w, ['run', '--rm', 'copies', 'sh', '-c', 'cd / && find globbed contents renamed existing-dir w -type f | sort; cat /args /tmp/who']);
  assert.equal(out, ['contents/sub/y', 'contents/x', 'existing-dir/a.txt', 'globbed/a.txt', 'globbed/b.txt', 'renamed', 'w/rel/b.txt', 'g-l', 'nobody'].join('\n'));
  await writeTree(ctx, { 'Dockerfile': 'FROM busybox\nCOPY a.txt b.txt /not-a-dir\n' });
  const r = await w(['build', ctx]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /When using COPY with more than one source file, the destination must be a directory and end with a \//);
});

test('a daemon killed mid-build leaves no build container, mount or snapshot after restart', async () => {
  const ctx = await makeContext({ 'Dockerfile': 'FROM busybox\nRUN echo started && sleep 60\n' });
  const pending = d.wharf(['build', ctx]);
  const runcRoot = join(d.execRoot, 'runc');
  const runcList = async (): Promise<string[]> => execFileSync('runc', ['--root', runcRoot, 'list', '-q']).toString().split('\n').filter(Boolean);
  for (let i = 0; i < 100 && (await runcList()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await runcList()).length, 1, 'the RUN container should be running');
  await d.crash();
  await pending;
  await d.spawn();
  assert.deepEqual(await runcList(), []);
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.includes(join(d.execRoot, 'builder')));
  assert.deepEqual(mounts, []);
  const meta = JSON.parse(await readFile(join(d.dataRoot, 'snapshots', 'metadata.json'), 'utf8')) as { snapshots: Record<string, unknown> };
  assert.deepEqual(Object.keys(meta.snapshots).filter((k) => k.startsWith('build-')), []);
  await writeTree(ctx, { 'Dockerfile': 'FROM busybox\nRUN echo after\n' });
  await ok((a, o) => d.wharf(a, o), ['build', ctx]);
});

test('docker build: a Dockerfile outside the context, from stdin, and a context tar on stdin', async () => {
  const dk = (a: string[], o?: { input?: string | Buffer }) => d.docker(a, o);
  const ctx = await makeContext({ 'data.txt': 'docker data' });
  const outside = await makeContext({ 'Dockerfile.out': 'FROM busybox\nCOPY data.txt /d\n' });
  await ok(dk, ['build', '-t', 'dk-out', '-f', join(outside, 'Dockerfile.out'), ctx]);
  assert.equal(await ok(dk, ['run', '--rm', 'dk-out', 'cat', '/d']), 'docker data');
  await ok(dk, ['build', '-t', 'dk-stdin', '-f', '-', ctx], { input: 'FROM busybox\nCOPY data.txt /e\n' });
  assert.equal(await ok(dk, ['run', '--rm', 'dk-stdin', 'cat', '/e']), 'docker data');
  await writeTree(ctx, { 'Dockerfile': 'FROM busybox\nCOPY data.txt /f\n' });
  await ok(dk, ['build', '-t', 'dk-tar', '-'], { input: execFileSync('tar', ['-C', ctx, '-c', '.']) });
  assert.equal(await ok(dk, ['run', '--rm', 'dk-tar', 'cat', '/f']), 'docker data');
});

test('a context far larger than the daemon may buffer is streamed to disk', async () => {
  const ctx = await makeContext({ 'Dockerfile': 'FROM busybox\nCOPY small.txt /\n', 'small.txt': 's' });
  // Sparse on the sending side, so the test costs disk writes only where the daemon unpacks it.
  const size = 384 * 1024 * 1024;
  execFileSync('truncate', ['-s', String(size), join(ctx, 'big.bin')]);
  const r = await d.wharf(['build', '-q', ctx], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const pid = (await readFile(join(d.execRoot, 'wharfd.pid'), 'utf8')).trim();
  const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
  assert.ok(peakKiB * 1024 < size / 2, `wharfd peaked at ${peakKiB} KiB while receiving ${size} bytes`);
});
