/**
 * Hostile layers and build contexts: whiteouts that name the layer's own
 * directory or its parent, fifos and device nodes where a file is expected,
 * and clients that leave while their build or load is running.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { tarOf, type TestEntry } from '../../src/archive/testing/tar-fixtures.js';
import { Daemon, run } from '../support/daemon.js';
import { daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';
import { http } from '../support/http.js';
import { TestRegistry } from '../support/registries.js';
import { makeContext, removeContexts } from '../support/build-context.js';

let d: Daemon;
daemonForFile((x) => (d = x));
after(removeContexts);

async function tarBytes(entries: TestEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of tarOf(entries)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A `docker save` (legacy) archive of a one-layer image; `layerEntry` replaces the layer file's own entry. */
async function savedImage(tag: string, layer: Buffer, layerEntry?: TestEntry): Promise<Buffer> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const manifest = [{ Config: 'config.json', RepoTags: [tag], Layers: ['l1/layer.tar'] }];
  return tarBytes([
    { name: 'manifest.json', body: JSON.stringify(manifest) },
    { name: 'config.json', body: config },
    { name: 'l1/', type: 'directory' },
    layerEntry ?? { name: 'l1/layer.tar', body: layer },
  ]);
}


/** A runnable layer: busybox, plus what the test adds. */
async function runnableLayer(extra: TestEntry[]): Promise<Buffer> {
  return tarBytes([{ name: 'bin/', type: 'directory' }, { name: 'bin/busybox', body: readFileSync('/bin/busybox'), mode: 0o755 }, { name: 'bin/sh', type: 'symlink', linkname: 'busybox' }, ...extra]);
}

async function imageExists(ref: string): Promise<boolean> {
  return (await d.docker(['image', 'inspect', ref])).code === 0;
}

const staging = (): string => join(d.dataRoot, 'images', 'staging');

const HOSTILE_WHITEOUTS = ['.wh...', 'sub/.wh..', 'sub/.wh...', '.wh.'];

test('whiteouts naming the layer directory or its parent are refused by load and import; the staging directory survives', async () => {
  for (const name of HOSTILE_WHITEOUTS) {
    const layer = await tarBytes([{ name: 'sub/', type: 'directory' }, { name: 'sub/f', body: 'f' }, { name, body: '' }]);
    const loaded = await d.docker(['load'], { input: await savedImage(`hostile-load:${HOSTILE_WHITEOUTS.indexOf(name)}`, layer), timeoutMs: 30_000 });
    assert.notEqual(loaded.code, 0, `load of ${name}`);
    assert.match(loaded.stderr, /invalid whiteout name/, name);
    assert.equal(await imageExists(`hostile-load:${HOSTILE_WHITEOUTS.indexOf(name)}`), false);

    const imported = await http(d.socket, 'POST', '/images/create?fromSrc=-&repo=hostile-import&tag=1', layer, { 'Content-Type': 'application/x-tar' });
    assert.equal(imported.status, 400, `import of ${name}: ${imported.body}`);
    assert.match(imported.body, /invalid whiteout name/);
    assert.doesNotMatch(imported.body, new RegExp(d.root), 'no host path in the message');
    assert.ok((await lstat(staging())).isDirectory(), `${name}: the staging directory is still a directory`);
  }
  assert.equal(await imageExists('hostile-import:1'), false);

  // Every in-flight layer still has somewhere to go: a normal load and import work.
  const good = await runnableLayer([{ name: 'etc/', type: 'directory' }, { name: 'etc/.wh.gone', body: '' }, { name: 'etc/kept', body: 'ok\n' }]);
  await ok((a, o) => d.docker(a, o), ['load'], { input: await savedImage('after-hostile:1', good) });
  assert.equal(await ok((a, o) => d.docker(a, o), ['run', '--rm', 'after-hostile:1', 'busybox', 'cat', '/etc/kept']), 'ok');
  const imported = await d.docker(['import', '-', 'after-hostile:2'], { input: good });
  assert.equal(imported.code, 0, imported.stderr);
});

/** Pushes a one-layer image to `registry` through the distribution API (no engine involved); returns its reference. */
async function pushRaw(registry: TestRegistry, repo: string, layer: Buffer): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const base = `http://${registry.host}/v2/${repo}`;
  for (const blob of [config, layer]) {
    const started = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    assert.equal(started.status, 202);
    const location = new URL(started.headers.get('location') as string, base);
    location.searchParams.set('digest', sha256(blob));
    const put = await fetch(location, { method: 'PUT', body: new Uint8Array(blob), headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(put.status, 201, await put.text());
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar', digest: sha256(layer), size: layer.length }],
  };
  const put = await fetch(`${base}/manifests/v1`, { method: 'PUT', body: JSON.stringify(manifest), headers: { 'Content-Type': manifest.mediaType } });
  assert.equal(put.status, 201, await put.text());
  return `${registry.host}/${repo}:v1`;
}

test('a pulled layer with a whiteout of its parent is refused; the staging directory survives', async () => {
  const registry = await TestRegistry.wharf();
  try {
    const layer = await tarBytes([{ name: 'f', body: 'f' }, { name: '.wh...', body: '' }]);
    const ref = await pushRaw(registry, 'hostile/whiteout', layer);
    const r = await d.docker(['pull', ref], { timeoutMs: 60_000 });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /invalid whiteout name/);
    assert.ok((await lstat(staging())).isDirectory());
    assert.equal(await imageExists(ref), false);
  } finally {
    await registry.stop();
  }
});

test('a load archive whose layer file or manifest is a fifo is refused at once, and the daemon still loads', async () => {
  const layer = await runnableLayer([]);
  const fifoLayer = await savedImage('fifo-layer:1', layer, { name: 'l1/layer.tar', type: 'fifo' });
  const started = Date.now();
  const r = await d.docker(['load'], { input: fifoLayer, timeoutMs: 30_000 });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /l1\/layer.tar is not a regular file/);
  const fifoManifest = await tarBytes([{ name: 'manifest.json', type: 'fifo' }]);
  const m = await d.docker(['load'], { input: fifoManifest, timeoutMs: 30_000 });
  assert.notEqual(m.code, 0);
  assert.match(m.stderr, /manifest.json is not a regular file/);
  assert.ok(Date.now() - started < 30_000, 'neither load waited on its fifo');
  assert.equal(await imageExists('fifo-layer:1'), false);

  // A fifo and a device as entries of a layer are just that: made, not opened.
  const special = await runnableLayer([
    { name: 'run/', type: 'directory' },
    { name: 'run/pipe', type: 'fifo', mode: 0o600 },
    { name: 'run/zero', type: 'character-device', devmajor: 1, devminor: 5, mode: 0o600 },
  ]);
  await ok((a, o) => d.docker(a, o), ['load'], { input: await savedImage('fifo-entry:1', special), timeoutMs: 30_000 });
  const st = await ok((a, o) => d.docker(a, o), ['run', '--rm', 'fifo-entry:1', 'busybox', 'stat', '-c', '%F %t:%T', '/run/pipe', '/run/zero']);
  assert.deepEqual(st.split('\n'), ['fifo 0:0', 'character special file 1:5']);
});

test('a build context with a fifo and a device node copies them as such, never reading either', async () => {
  const ctx = await makeContext({
    // The fifo first: a builder that opens it blocks there and never reaches the device.
    'Dockerfile': 'FROM busybox\nCOPY pipe /ctx/pipe\nCOPY zero /ctx/zero\nADD pipe /ctx/added-pipe\nADD zero /ctx/added-zero\nCOPY . /all/\n',
  });
  execFileSync('mkfifo', [join(ctx, 'pipe')]);
  execFileSync('mknod', [join(ctx, 'zero'), 'c', '1', '5']);
  for (const cli of ['docker', 'wharf'] as const) {
    const tag = `special-ctx-${cli}`;
    const r = await (cli === 'docker' ? d.docker : d.wharf).call(d, ['build', '-t', tag, ctx], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `${cli}: ${r.stdout}\n${r.stderr}`);
    const st = await ok((a, o) => d.docker(a, o), ['run', '--rm', tag, 'stat', '-c', '%n %F %t:%T', '/ctx/pipe', '/ctx/zero', '/ctx/added-pipe', '/ctx/added-zero', '/all/pipe', '/all/zero']);
    assert.deepEqual(st.split('\n'), [
      '/ctx/pipe fifo 0:0',
      '/ctx/zero character special file 1:5',
      '/ctx/added-pipe fifo 0:0',
      '/ctx/added-zero character special file 1:5',
      '/all/pipe fifo 0:0',
      '/all/zero character special file 1:5',
    ]);
  }
});

/** POST /build with a context tar; resolves once `ready` matches the streamed output, with the request to abort. */
function startBuild(tag: string, dockerfile: string, ready: RegExp): Promise<{ req: ClientRequest; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const req = request({ socketPath: d.socket, method: 'POST', path: `/build?t=${tag}`, headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
      res.on('data', (b: Buffer) => {
        output += b.toString();
        if (ready.test(output)) resolve({ req, output });
      });
      res.on('error', () => undefined);
      res.on('end', () => reject(new Error(`build ended before ${ready}: ${output}`)));
    });
    req.on('error', () => undefined);
    void tarBytes([{ name: 'Dockerfile', body: dockerfile }]).then((b) => req.end(b));
  });
}

async function runcIds(): Promise<string[]> {
  const r = await run('runc', ['--root', join(d.execRoot, 'runc'), 'list', '-q']);
  return r.stdout.split('\n').filter(Boolean);
}

test('a build whose client leaves mid-RUN is cancelled: its container goes, nothing is tagged', async () => {
  const marker = randomBytes(4).toString('hex');
  const { req, output } = await startBuild('left-behind', `FROM busybox\nRUN echo started-${marker} && sleep 300\nRUN touch /never\n`, new RegExp(`"stream":"started-${marker}`));
  const id = /Running in ([0-9a-f]{12})/.exec(output)?.[1];
  assert.ok(id, output);
  assert.ok((await runcIds()).some((c) => c.startsWith(id)), 'the RUN container is running');
  req.destroy();
  await waitFor(async () => ((await runcIds()).some((c) => c.startsWith(id)) ? undefined : true), { what: 'the RUN container to be removed', timeoutMs: 15000 });
  // The build's own clean-up (snapshot, mount) runs after the container goes; tagging would come after that.
  await waitFor(async () => ((await readdir(join(d.execRoot, 'builder', 'mnt')).catch(() => [])).length === 0 ? true : undefined), { what: 'the build mount to go', timeoutMs: 10000 });
  assert.equal(await imageExists('left-behind'), false);
});

/** POST /images/load of `body` (its full length announced), of which only the first `sendBytes` are sent for now. */
function startLoad(body: Buffer, sendBytes: number): ClientRequest {
  const headers = { 'Content-Type': 'application/x-tar', 'Content-Length': String(body.length) };
  const req = request({ socketPath: d.socket, method: 'POST', path: '/images/load', headers });
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  req.write(body.subarray(0, sendBytes));
  return req;
}

/** Bytes of the layer file the daemon has unpacked from the upload so far, once it has begun. */
async function uploadedLayerBytes(): Promise<number | undefined> {
  const tmp = join(d.dataRoot, 'images', 'tmp');
  for (const n of await loadTempDirs()) {
    const st = await stat(join(tmp, n, 'l1', 'layer.tar')).catch(() => undefined);
    if (st) return st.size;
  }
  return undefined;
}

async function loadTempDirs(): Promise<string[]> {
  return (await readdir(join(d.dataRoot, 'images', 'tmp')).catch(() => [])).filter((n) => n.startsWith('load-'));
}

test('a load whose client leaves, mid-upload or once all is sent, tags nothing and leaves no temporary files', async () => {
  // Big enough that ingesting and unpacking it outlasts the news of the disconnect.
  const layer = await runnableLayer([{ name: 'big', body: randomBytes(24 << 20) }]);
  const archive = await savedImage('abandoned:1', layer);
  for (const [what, sendBytes, arrived] of [
    ['mid-upload', archive.length >> 1, 1],
    ['uploaded', archive.length, layer.length],
  ] as const) {
    const req = startLoad(archive, sendBytes);
    await waitFor(async () => ((await uploadedLayerBytes()) ?? 0) >= arrived || undefined, { what: `${what}: the daemon to receive ${arrived} layer bytes`, timeoutMs: 30000 });
    req.destroy();
    await waitFor(async () => ((await loadTempDirs()).length === 0 ? true : undefined), { what: `${what}: the load temp dir to go`, timeoutMs: 30000 });
    assert.equal(await imageExists('abandoned:1'), false, what);
  }
});
