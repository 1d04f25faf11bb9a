/**
 * Ship: wharf and the real docker CLI log in, push and pull through wharfd against
 * Wharf's own registry and Debian's reference registry (basic auth, loopback);
 * skopeo copies into and out of Wharf's registry; an image pushed from one daemon
 * and pulled into another runs with the same image ID.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon, run } from '../support/daemon.js';
import { bothClients, ok, type Cli, type ClientName } from '../support/clients.js';
import { http } from '../support/http.js';
import { hasReferenceRegistry, TestRegistry, type User } from '../support/registries.js';

const USER: User = { username: 'alice', password: 's3cret' };
let d: Daemon;
let wharfReg: TestRegistry;
let refReg: TestRegistry | undefined;
let home: string;
let busyboxId: string;

before(async () => {
  d = await Daemon.start();
  home = await mkdtemp('/tmp/wship-');
  [wharfReg, refReg] = await Promise.all([TestRegistry.wharf({ user: USER }), hasReferenceRegistry() ? TestRegistry.reference({ user: USER }) : undefined]);
  busyboxId = (await ok((a, o) => d.wharf(a, o), ['image', 'inspect', '-f', '{{.Id}}', 'busybox'])).trim();
});
after(async () => {
  await d?.destroy();
  await wharfReg?.stop();
  await refReg?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Each client keeps its credentials in a config dir of its own, unless told to share. */
const withConfig = (c: Cli, dir: string): Cli => (args, o) => c(args, { ...o, env: { DOCKER_CONFIG: dir, ...o?.env } });

async function roundTrip(c: Cli, client: ClientName, registry: TestRegistry, label: string): Promise<void> {
  const cfg = withConfig(c, join(home, `${label}-${client}`));
  const ref = `${registry.host}/${client}/bb:v1`;
  const denied = await cfg(['login', '-u', USER.username, '--password-stdin', registry.host], { input: 'wrong\n' });
  assert.notEqual(denied.code, 0, 'a wrong password is refused');
  assert.match(denied.stderr, /unauthorized|401/i);
  assert.match(await ok(cfg, ['login', '-u', USER.username, '--password-stdin', registry.host], { input: `${USER.password}\n` }), /Login Succeeded/);
  const stored = JSON.parse(await readFile(join(home, `${label}-${client}`, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.equal(Buffer.from(stored.auths[registry.host]?.auth ?? '', 'base64').toString(), `${USER.username}:${USER.password}`);

  await ok(cfg, ['tag', 'busybox', ref]);
  const pushed = await ok(cfg, ['push', ref]);
  assert.match(pushed, /The push refers to repository/);
  assert.match(pushed, /v1: digest: sha256:[0-9a-f]{64} size: \d+/);
  await ok(cfg, ['rmi', ref]);
  const pulled = await ok(cfg, ['pull', ref]);
  assert.match(pulled, /Digest: sha256:[0-9a-f]{64}/);
  assert.match(pulled, new RegExp(`Status: (Downloaded newer image|Image is up to date) for ${ref.replace(/\./g, '\\.')}`));
  assert.equal(await ok(cfg, ['image', 'inspect', '-f', '{{.Id}}', ref]), busyboxId);
  assert.equal(await ok(cfg, ['run', '--rm', ref, 'echo', 'shipped']), 'shipped');
  assert.equal(await ok(cfg, ['pull', '-q', ref]), ref);

  assert.match(await ok(cfg, ['logout', registry.host]), new RegExp(`Removing login credentials for ${registry.host}`));
  const anonymous = await cfg(['pull', ref]);
  assert.notEqual(anonymous.code, 0, 'pulling without credentials is refused');
  await ok(cfg, ['rmi', ref]);
}

bothClients('wharf registry: login, push, pull, run, logout (basic auth)', () => d, (c, client) => roundTrip(c, client, wharfReg, 'wharf'));

bothClients('reference registry: login, push, pull, run, logout (basic auth)', () => d, async (c, client) => {
  assert.ok(refReg, 'docker-registry is installed (scripts/install-deps.sh)');
  await roundTrip(c, client, refReg, 'ref');
});

test('credentials: docker login is used by wharf push and pull, and wharf login by docker', async () => {
  const cfg = join(home, 'shared');
  const docker = withConfig((a, o) => d.docker(a, o), cfg);
  const wharf = withConfig((a, o) => d.wharf(a, o), cfg);
  const ref = `${wharfReg.host}/shared/bb:latest`;
  await ok(docker, ['login', '-u', USER.username, '--password-stdin', wharfReg.host], { input: USER.password });
  await ok(wharf, ['tag', 'busybox', ref]);
  assert.equal(await ok(wharf, ['push', '-q', ref]), ref);
  await ok(wharf, ['logout', wharfReg.host]);
  await ok(wharf, ['login', '-u', USER.username, '-p', USER.password, wharfReg.host]);
  await ok(docker, ['rmi', ref]);
  await ok(docker, ['pull', ref]);
  const since = Math.floor(Date.now() / 1000) - 60;
  const events = await ok(docker, ['events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'type=image', '--format', '{{.Action}} {{.Actor.ID}}']);
  assert.match(events, new RegExp(`push ${ref.replace(/\./g, '\\.')}`));
  assert.match(events, new RegExp(`pull ${ref.replace(/\./g, '\\.')}`));

  const auth = Buffer.from(JSON.stringify({ username: USER.username, password: USER.password })).toString('base64url');
  const inspect = await http(d.socket, 'GET', `/distribution/${encodeURIComponent(ref)}/json`, undefined, { 'X-Registry-Auth': auth });
  assert.equal(inspect.status, 200, inspect.body);
  const body = JSON.parse(inspect.body) as { Descriptor: { digest: string }; Platforms: Array<{ os: string }> };
  assert.match(body.Descriptor.digest, /^sha256:/);
  assert.equal(body.Platforms[0]?.os, 'linux');

  const search = await wharf(['search', `${wharfReg.host}/bb`]);
  assert.notEqual(search.code, 0);
  assert.match(search.stderr, /does not support search/);
  await ok(docker, ['rmi', ref]);
});

bothClients('bearer tokens (Docker Hub\'s flow): login, push -a, pull -a', () => d, async (c, client) => {
  const reg = await TestRegistry.wharf({ user: USER, bearer: true });
  try {
    const cfg = withConfig(c, join(home, `bearer-${client}`));
    const repo = `${reg.host}/${client}/multi`;
    const challenge = await fetch(`http://${reg.host}/v2/`);
    assert.match(challenge.headers.get('www-authenticate') ?? '', /^Bearer realm=/);
    await ok(cfg, ['login', '-u', USER.username, '--password-stdin', reg.host], { input: USER.password });
    await ok(cfg, ['tag', 'busybox', `${repo}:a`]);
    await ok(cfg, ['tag', 'busybox', `${repo}:b`]);
    const pushed = await ok(cfg, ['push', '-a', repo]);
    assert.match(pushed, /a: digest: sha256:/);
    assert.match(pushed, /b: digest: sha256:/);
    await ok(cfg, ['rmi', `${repo}:a`]);
    await ok(cfg, ['rmi', `${repo}:b`]);
    await ok(cfg, ['pull', '-a', repo]);
    for (const tag of ['a', 'b']) assert.equal(await ok(cfg, ['image', 'inspect', '-f', '{{.Id}}', `${repo}:${tag}`]), busyboxId);
    await ok(cfg, ['rmi', `${repo}:a`]);
    await ok(cfg, ['rmi', `${repo}:b`]);
  } finally {
    await reg.stop();
  }
});

test('skopeo copies into and out of the Wharf registry, and inspects it', async () => {
  const dir = await mkdtemp('/tmp/wsko-');
  try {
    const creds = `${USER.username}:${USER.password}`;
    await ok((a, o) => d.wharf(a, o), ['save', '-o', join(dir, 'bb.tar'), 'busybox']);
    const into = await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', creds, `docker-archive:${join(dir, 'bb.tar')}`, `docker://${wharfReg.host}/skopeo/bb:1`]);
    assert.equal(into.code, 0, into.stderr);
    const inspected = await run('skopeo', ['inspect', '--tls-verify=false', '--creds', creds, `docker://${wharfReg.host}/skopeo/bb:1`]);
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.equal((JSON.parse(inspected.stdout) as { Os: string }).Os, 'linux');
    const out = await run('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', creds, `docker://${wharfReg.host}/skopeo/bb:1`, `oci:${join(dir, 'oci')}:bb`]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(await readFile(join(dir, 'oci', 'index.json'), 'utf8'), /"org.opencontainers.image.ref.name":"bb"/);
    // What skopeo pushed, wharf pulls and runs.
    const wharf = withConfig((a, o) => d.wharf(a, o), join(home, 'skopeo'));
    await ok(wharf, ['login', '-u', USER.username, '--password-stdin', wharfReg.host], { input: USER.password });
    await ok(wharf, ['pull', `${wharfReg.host}/skopeo/bb:1`]);
    assert.equal(await ok(wharf, ['run', '--rm', `${wharfReg.host}/skopeo/bb:1`, 'echo', 'from skopeo']), 'from skopeo');
    await ok(wharf, ['rmi', `${wharfReg.host}/skopeo/bb:1`]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an image pushed from one daemon and pulled into another runs with the same ID', async () => {
  const other = await Daemon.start({ bootstrap: false });
  try {
    const cfg = join(home, 'two');
    const first = withConfig((a, o) => d.wharf(a, o), cfg);
    const second = withConfig((a, o) => other.docker(a, o), cfg);
    const ref = `${wharfReg.host}/two/app:1`;
    await ok(first, ['login', '-u', USER.username, '--password-stdin', wharfReg.host], { input: USER.password });
    await ok(first, ['run', '--name', 'two-src', 'busybox', 'sh', '-c', 'echo payload > /data.txt']);
    await ok(first, ['commit', 'two-src', ref]);
    await ok(first, ['rm', 'two-src']);
    const id = await ok(first, ['image', 'inspect', '-f', '{{.Id}}', ref]);
    await ok(first, ['push', ref]);
    await ok(second, ['pull', ref]);
    assert.equal(await ok(second, ['image', 'inspect', '-f', '{{.Id}}', ref]), id);
    assert.equal(await ok(second, ['run', '--rm', ref, 'cat', '/data.txt']), 'payload');
    await ok(first, ['rmi', ref]);
  } finally {
    await other.destroy();
  }
});

test('bad input: the registry refuses bad names, digests, manifests and credentials; nothing stored', async () => {
  const base = `http://${wharfReg.host}`;
  const basic = { Authorization: `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}` };
  const code = async (r: Response): Promise<string> => ((await r.json()) as { errors: Array<{ code: string }> }).errors[0]?.code ?? '';

  const noAuth = await fetch(`${base}/v2/`);
  assert.equal(noAuth.status, 401);
  assert.equal(await code(noAuth), 'UNAUTHORIZED');
  const wrong = await fetch(`${base}/v2/`, { headers: { Authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` } });
  assert.equal(wrong.status, 401);

  // (`a/../b` never reaches a server: URLs normalise it; the server's unit tests send it raw.)
  for (const name of ['Upper/app', 'a..b', 'a/-b']) {
    const r = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers: basic });
    assert.ok(r.status === 400 || r.status === 404, `${name}: ${r.status}`);
    if (r.status === 400) assert.equal(await code(r), 'NAME_INVALID');
  }

  const data = Buffer.from('not what the digest says');
  const bad = await fetch(`${base}/v2/bad/app/blobs/uploads/?digest=sha256:${'0'.repeat(64)}`, { method: 'POST', headers: { ...basic, 'Content-Type': 'application/octet-stream' }, body: data });
  assert.equal(bad.status, 400);
  assert.equal(await code(bad), 'DIGEST_INVALID');

  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'1'.repeat(64)}`, size: 2 },
    layers: [],
  });
  const orphan = await fetch(`${base}/v2/bad/app/manifests/v1`, { method: 'PUT', headers: { ...basic, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  assert.equal(orphan.status, 400);
  assert.equal(await code(orphan), 'MANIFEST_BLOB_UNKNOWN');
  const tags = await fetch(`${base}/v2/bad/app/tags/list`, { headers: basic });
  assert.equal(tags.status, 404, 'nothing was stored for the repository');

  // Through the daemon: a push with wrong credentials fails and a bad reference is refused before any registry.
  const cfg = withConfig((a, o) => d.docker(a, o), join(home, 'bad'));
  await ok(cfg, ['tag', 'busybox', `${wharfReg.host}/bad/push:1`]);
  const refused = await cfg(['push', `${wharfReg.host}/bad/push:1`]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr + refused.stdout, /no basic auth credentials|unauthorized/i);
  await ok(cfg, ['rmi', `${wharfReg.host}/bad/push:1`]);
  const upper = await http(d.socket, 'POST', `/images/create?fromImage=${wharfReg.host}/Bad/app&tag=1`);
  assert.equal(upper.status, 400);
});
