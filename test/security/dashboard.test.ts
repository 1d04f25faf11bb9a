/**
 * `wharf dashboard` against hostile requests, with a plain HTTP client: nothing
 * without a session reaches the daemon, a wrong Host (DNS rebinding) is
 * misdirected, cross-origin and CSRF-less state changes and preflights are
 * refused, the login token works once, a non-loopback address needs TLS; and
 * with a session the API, its streams and the exec WebSocket work.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import WebSocket from 'ws';
import { daemonForFile, ok } from '../support/clients.js';
import { run, WHARF_BIN, type Daemon } from '../support/daemon.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
daemonForFile((started) => (d = started));

const DEADLINE_MS = 20_000;
const started: ChildProcess[] = [];

interface Served {
  port: number;
  token: string;
  host: string;
  origin: string;
}

/** Starts `wharf dashboard` (on a free loopback port unless `args` say otherwise) and reads the URL it prints. */
async function startDashboard(args: string[] = []): Promise<Served> {
  const proc = spawn(process.execPath, [WHARF_BIN, 'dashboard', ...args], { env: { ...process.env, ...d.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  let out = '';
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const line = await waitFor(() => (out.includes('\n') ? out.split('\n')[0] : proc.exitCode !== null ? `exited: ${err}` : undefined), {
    what: 'wharf dashboard to print its URL',
    timeoutMs: DEADLINE_MS,
    intervalMs: 20,
  });
  const m = /^(https?):\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(line);
  assert.ok(m, `the printed URL: ${line}`);
  const port = Number(m[2]);
  return { port, token: m[3]!, host: `127.0.0.1:${port}`, origin: `${m[1]}://127.0.0.1:${port}` };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string, tls = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The TLS test's certificate is self-signed: what is checked is that the server speaks TLS.
    const opts = { host: '127.0.0.1', port, method, path, headers, timeout: DEADLINE_MS, rejectUnauthorized: false };
    const req = (tls ? httpsRequest : request)(opts, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

let s: Served;
/** The session's cookie and key, and headers a same-origin page request carries. */
let cookie: string;
let csrf: string;
const page = (): Record<string, string> => ({ Host: s.host, Cookie: cookie, Origin: s.origin, 'X-Wharf-CSRF': csrf, 'Sec-Fetch-Site': 'same-origin' });

// The file's daemon starts in its own `before`; the dashboard follows it, in the first test.
let serving: Promise<Served> | undefined;
beforeEach(async () => {
  s = await (serving ??= startDashboard());
});

after(() => {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

const running = async (name: string): Promise<string> => ok((a) => d.docker(a), ['inspect', '-f', '{{.State.Status}}', name]);

test('without a session nothing reaches the daemon: 401', async () => {
  assert.equal((await send(s.port, 'GET', '/', { Host: s.host })).status, 401);
  const version = await send(s.port, 'GET', '/api/version', { Host: s.host });
  assert.equal(version.status, 401);
  assert.doesNotMatch(version.body, /ApiVersion/);
  const create = await send(s.port, 'POST', '/api/containers/create?name=nosession', { Host: s.host, Origin: s.origin, 'Content-Type': 'application/json' }, JSON.stringify({ Image: 'busybox', Cmd: ['true'] }));
  assert.equal(create.status, 401);
  const inspect = await d.docker(['inspect', 'nosession']);
  assert.notEqual(inspect.code, 0, 'the container was not created');
});

test('a wrong token is refused and the login token works once, from its own Host only', async () => {
  assert.equal((await send(s.port, 'GET', '/?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { Host: s.host })).status, 403);
  assert.equal((await send(s.port, 'GET', `/?token=${s.token}`, { Host: `evil.example:${s.port}` })).status, 421);
  const login = await send(s.port, 'GET', `/?token=${s.token}`, { Host: s.host });
  assert.equal(login.status, 303);
  const key = /^\/#key=([A-Za-z0-9_-]{43})$/.exec(String(login.headers.location));
  assert.ok(key, `the key rides in the redirect's fragment: ${login.headers.location}`);
  csrf = key[1]!;
  const setCookie = login.headers['set-cookie']?.[0] ?? '';
  assert.match(setCookie, /^wharf_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
  cookie = setCookie.split(';')[0]!;
  const index = await send(s.port, 'GET', '/', { Host: s.host, Cookie: cookie });
  assert.equal(index.status, 200);
  assert.ok(!index.body.includes(csrf), 'the page itself carries no secret');
  assert.equal(index.headers['x-frame-options'], 'DENY');
  assert.match(String(index.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(index.headers['referrer-policy'], 'no-referrer');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  const replay = await send(s.port, 'GET', `/?token=${s.token}`, { Host: s.host });
  assert.equal(replay.status, 403);
  assert.equal(replay.headers['set-cookie'], undefined);
});

test('a wrong Host is misdirected (DNS rebinding): 421', async () => {
  const r = await send(s.port, 'GET', '/api/version', { ...page(), Host: `evil.example:${s.port}` });
  assert.equal(r.status, 421);
  assert.doesNotMatch(r.body, /ApiVersion/);
});

test('the cookie alone, as another local web server the browser visits receives it, reads nothing', async () => {
  // Browsers scope cookies by host, not port: a container's web page on 127.0.0.1:8080 gets
  // wharf_session and can replay it with any Host it likes. Without the tab's key it opens only the page.
  const version = await send(s.port, 'GET', '/api/version', { Host: s.host, Cookie: cookie });
  assert.equal(version.status, 403);
  assert.doesNotMatch(version.body, /ApiVersion/);
  const index = await send(s.port, 'GET', '/', { Host: s.host, Cookie: cookie });
  assert.equal(index.status, 200);
  assert.doesNotMatch(index.body, /[A-Za-z0-9_-]{43}/, 'no key in the page');
  assert.equal((await send(s.port, 'GET', '/api/version', { Host: s.host, Cookie: cookie, 'X-Wharf-CSRF': 'A'.repeat(43) })).status, 403);
});

test('with a session the API answers, with the security headers and no CORS', async () => {
  const r = await send(s.port, 'GET', '/api/version', { Host: s.host, Cookie: cookie, 'X-Wharf-CSRF': csrf });
  assert.equal(r.status, 200, r.body);
  assert.match((JSON.parse(r.body) as { ApiVersion: string }).ApiVersion, /^1\.\d+$/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.ok(!Object.keys(r.headers).some((h) => h.startsWith('access-control-')), JSON.stringify(r.headers));
  // Another port of 127.0.0.1 is the same site, so SameSite=Strict sends the cookie: the browser's Sec-Fetch-Site tells.
  const sameSite = await send(s.port, 'GET', '/api/version', { Host: s.host, Cookie: cookie, 'X-Wharf-CSRF': csrf, 'Sec-Fetch-Site': 'same-site' });
  assert.equal(sameSite.status, 403);
  assert.doesNotMatch(sameSite.body, /ApiVersion/);
  assert.equal((await send(s.port, 'GET', '/', { Host: s.host, Cookie: cookie, 'Sec-Fetch-Site': 'none' })).status, 200, 'a bookmark or typed URL');
});

test('cross-origin and CSRF-less POSTs are refused and change nothing; a same-origin one with the token stops the container', async () => {
  await ok((a) => d.docker(a), ['run', '-d', '--name', 'victim', 'busybox', 'sleep', '1d']);
  const evil = await send(s.port, 'POST', '/api/containers/victim/stop?t=0', { ...page(), Origin: 'http://evil.example' });
  assert.equal(evil.status, 403);
  const crossSite = await send(s.port, 'POST', '/api/containers/victim/stop?t=0', { ...page(), 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(crossSite.status, 403);
  const { 'X-Wharf-CSRF': _, ...noCsrf } = page();
  assert.equal((await send(s.port, 'POST', '/api/containers/victim/stop?t=0', noCsrf)).status, 403);
  assert.equal((await send(s.port, 'POST', '/api/containers/victim/stop?t=0', { ...page(), 'X-Wharf-CSRF': 'A'.repeat(43) })).status, 403);
  assert.equal(await running('victim'), 'running');

  const stop = await send(s.port, 'POST', '/api/containers/victim/stop?t=0', page());
  assert.equal(stop.status, 204, stop.body);
  assert.equal(await ok((a) => d.wharf(a), ['inspect', '-f', '{{.State.Status}}', 'victim']), 'exited');
});

test('OPTIONS preflights get 403 and no Access-Control-* header', async () => {
  const r = await send(s.port, 'OPTIONS', '/api/containers/victim/start', {
    Host: s.host,
    Origin: 'http://evil.example',
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'x-wharf-csrf',
  });
  assert.equal(r.status, 403);
  assert.ok(!Object.keys(r.headers).some((h) => h.startsWith('access-control-')), JSON.stringify(r.headers));
});

test('/api/events streams an event as it happens', async () => {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path: '/api/events?filters=' + encodeURIComponent('{"container":["evt"]}'), headers: { Host: s.host, Cookie: cookie, 'X-Wharf-CSRF': csrf } }, resolve);
    req.on('error', reject);
    req.end();
  });
  try {
    assert.equal(res.statusCode, 200);
    let text = '';
    res.on('data', (b: Buffer) => (text += b.toString()));
    await ok((a) => d.docker(a), ['create', '--name', 'evt', 'busybox', 'true']);
    // The stream never ends: the event can only be read if it was sent on as it came.
    await waitFor(() => /"Action":"create"/.test(text), { what: 'the create event through the dashboard', timeoutMs: DEADLINE_MS, intervalMs: 20 });
  } finally {
    res.destroy();
  }
});

test('the exec WebSocket bridges a terminal: echo hi reads hi back', async () => {
  await ok((a) => d.docker(a), ['run', '-d', '--name', 'shell', 'busybox', 'sleep', '1d']);
  const create = await send(
    s.port,
    'POST',
    '/api/containers/shell/exec',
    { ...page(), 'Content-Type': 'application/json' },
    JSON.stringify({ Tty: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['sh'] }),
  );
  assert.equal(create.status, 201, create.body);
  const execId = (JSON.parse(create.body) as { Id: string }).Id;

  const refusal = (path: string): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://${s.host}${path}`, { headers: { Cookie: cookie, Origin: s.origin } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error(`the WebSocket ${path} was accepted`)));
      ws.on('error', reject);
    });
  assert.equal(await refusal(`/ws/exec/${execId}`), 403, 'no CSRF token');
  assert.equal(await refusal(`/ws/exec/${execId}?csrf=${csrf}&x`.replace(csrf, 'A'.repeat(43))), 403, 'a wrong CSRF token');
  assert.equal(await refusal(`/ws/exec/nosuchexec?csrf=${csrf}`), 404);
  assert.equal(await refusal(`/ws/exec/%E0%A4%A?csrf=${csrf}`), 404, 'a malformed escape');

  const ws = new WebSocket(`ws://${s.host}/ws/exec/${execId}?csrf=${csrf}`, { headers: { Cookie: cookie, Origin: s.origin } });
  try {
    let text = '';
    ws.on('message', (data: Buffer) => (text += data.toString()));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(Buffer.from('echo hi\n'));
    // The terminal echoes the typed line; the command's output is `hi` on a line of its own.
    await waitFor(() => /(^|\n)hi\r?\n/.test(text), { what: `hi from the terminal (got ${JSON.stringify(text)})`, timeoutMs: DEADLINE_MS, intervalMs: 20 });
  } finally {
    ws.terminate();
  }
});

test('compose actions: down and up a project found by its labels, same-origin only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dash-compose-'));
  try {
    await writeFile(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: busybox\n    command: ["sleep", "1d"]\n    stop_signal: SIGKILL\n');
    await ok((a) => d.wharf(a), ['compose', '-f', join(dir, 'compose.yaml'), '-p', 'dash', 'up', '-d']);
    const members = async (): Promise<string> => ok((a) => d.docker(a), ['ps', '-a', '--filter', 'label=com.docker.compose.project=dash', '--format', '{{.State}}']);
    assert.equal(await members(), 'running');

    assert.equal((await send(s.port, 'POST', '/compose/dash/down', { ...page(), Origin: 'http://evil.example' })).status, 403);
    assert.equal(await members(), 'running');
    const down = await send(s.port, 'POST', '/compose/dash/down', page());
    assert.equal(down.status, 200, down.body);
    assert.deepEqual(JSON.parse(down.body), { ok: true });
    assert.equal(await members(), '');
    assert.equal((await send(s.port, 'POST', '/compose/dash/up', page())).status, 404, 'no container names the project any more');

    await ok((a) => d.wharf(a), ['compose', '-f', join(dir, 'compose.yaml'), '-p', 'dash', 'create']);
    const up = await send(s.port, 'POST', '/compose/dash/up', page());
    assert.equal(up.status, 200, up.body);
    assert.equal(await members(), 'running');
  } finally {
    await d.wharf(['compose', '-p', 'dash', 'down']);
    await rm(dir, { recursive: true, force: true });
  }
});

test('a non-loopback --addr without TLS is refused', async () => {
  const r = await d.wharf(['dashboard', '--addr', '0.0.0.0:0'], { timeoutMs: DEADLINE_MS });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /refusing to serve the dashboard on non-loopback address 0\.0\.0\.0:0 without TLS: give --tlscert and --tlskey/);
  assert.equal(r.stdout, '');
});

test('with --tlscert/--tlskey a non-loopback --addr serves HTTPS, with a Secure cookie', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dash-tls-'));
  try {
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    const gen = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert]);
    assert.equal(gen.code, 0, gen.stderr);
    const tls = await startDashboard(['--addr', '0.0.0.0:0', '--tlscert', cert, '--tlskey', key]);
    assert.equal(tls.origin, `https://${tls.host}`);
    const login = await send(tls.port, 'GET', `/?token=${tls.token}`, { Host: tls.host }, undefined, true);
    assert.equal(login.status, 303);
    const setCookie = login.headers['set-cookie']?.[0] ?? '';
    assert.match(setCookie, /; Secure$/);
    const tlsKey = String(login.headers.location).replace('/#key=', '');
    const version = await send(tls.port, 'GET', '/api/version', { Host: tls.host, Cookie: setCookie.split(';')[0]!, 'X-Wharf-CSRF': tlsKey }, undefined, true);
    assert.equal(version.status, 200, version.body);
    assert.equal((await send(tls.port, 'GET', '/api/version', { Host: `evil.example:${tls.port}`, Cookie: setCookie.split(';')[0]! }, undefined, true)).status, 421);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('SIGTERM ends wharf dashboard with exit code 0', async () => {
  await startDashboard();
  const proc = started[started.length - 1]!;
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('wharf dashboard did not exit')), DEADLINE_MS)));
  try {
    assert.equal(await Promise.race([exited, deadline]), '0');
  } finally {
    clearTimeout(timer);
  }
});
