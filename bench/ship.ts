/**
 * Ship bench: push and pull of a ~200 MB multi-layer image (random content,
 * gzip layers, loaded into the bench daemon) to a local Wharf registry, for
 * wharf, skopeo and (where dockerd runs) docker; then requests/s of concurrent
 * 1 MB blob pulls from Wharf's registry and from the reference registry.
 * Each transfer gets a fresh registry, so nothing is already there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Daemon, RunResult } from '../test/support/daemon.js';
import { run, unmountUnder } from '../test/support/daemon.js';
import { hasReferenceRegistry, TestRegistry } from '../test/support/registries.js';
import type { DockerDaemon } from '../test/support/dockerd.js';

const LAYERS = 4;
const LAYER_BYTES = 50 * 1024 * 1024;
const BLOB_BYTES = 1024 * 1024;
const BLOB_CONCURRENCY = 16;
const BLOB_SECONDS = 3;

type Say = (k: string, v: string) => void;

function must(r: RunResult, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`);
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A ustar header for one regular file (enough for a bench layer). */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const field = (off: number, len: number, v: string): void => void h.write(v, off, len, 'ascii');
  const octal = (off: number, len: number, n: number): void => field(off, len, n.toString(8).padStart(len - 1, '0') + '\0');
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.floor(Date.now() / 1000));
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 8, 'ustar\x0000');
  let sum = 0;
  for (const b of h) sum += b;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** One gzip layer holding one file of random bytes; returns its diff ID. */
async function writeLayer(path: string, i: number): Promise<string> {
  const diff = createHash('sha256');
  async function* tar(): AsyncGenerator<Buffer> {
    const parts = [tarHeader(`blob${i}.bin`, LAYER_BYTES)];
    for (let off = 0; off < LAYER_BYTES; off += 1 << 20) parts.push(randomBytes(1 << 20));
    parts.push(Buffer.alloc(1024));
    for (const p of parts) {
      diff.update(p);
      yield p;
    }
  }
  await pipeline(tar(), createGzip({ level: 1 }), createWriteStream(path));
  return `sha256:${diff.digest('hex')}`;
}

/** A `docker save` archive of a LAYERS-layer image on top of nothing, tagged `ref`. */
async function makeArchive(dir: string, ref: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const diffIds: string[] = [];
  for (let i = 0; i < LAYERS; i++) diffIds.push(await writeLayer(join(dir, `l${i}.tar.gz`), i));
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history: [] });
  await writeFile(join(dir, 'config.json'), config);
  const layers = diffIds.map((_, i) => `l${i}.tar.gz`);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [ref], Layers: layers }]));
  const tarPath = join(dir, '..', 'big.tar');
  must(await run('tar', ['-cf', tarPath, '-C', dir, 'manifest.json', 'config.json', ...layers]), 'tar');
  return tarPath;
}

/** Pushes and pulls once each against a fresh registry (between them, untimed, `clear`); returns [pushMs, pullMs]. */
async function transfer(push: (host: string) => Promise<void>, clear: (host: string) => Promise<void>, pull: (host: string) => Promise<void>): Promise<[number, number]> {
  const reg = await TestRegistry.wharf();
  try {
    const pushMs = await timeIt(() => push(reg.host));
    await clear(reg.host);
    const pullMs = await timeIt(() => pull(reg.host));
    return [pushMs, pullMs];
  } finally {
    await reg.stop();
  }
}

/** GETs of one 1 MB blob, BLOB_CONCURRENCY at a time for BLOB_SECONDS. */
async function blobRate(reg: TestRegistry): Promise<number> {
  const blob = randomBytes(BLOB_BYTES);
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const base = `http://${reg.host}/v2/bench/blob`;
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: blob });
  if (put.status !== 201) throw new Error(`blob upload to ${reg.host}: ${put.status}`);
  const agent = new Agent({ keepAlive: true, maxSockets: BLOB_CONCURRENCY });
  const [host, port] = reg.host.split(':');
  const get = (): Promise<void> =>
    new Promise((resolve, reject) => {
      request({ host, port, path: `/v2/bench/blob/blobs/${digest}`, agent }, (res) => {
        let n = 0;
        res.on('data', (b: Buffer) => (n += b.length));
        res.on('end', () => (res.statusCode === 200 && n === BLOB_BYTES ? resolve() : reject(new Error(`blob GET ${res.statusCode}, ${n} bytes`))));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  let count = 0;
  const until = Date.now() + BLOB_SECONDS * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: BLOB_CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await get();
        count++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  return count / seconds;
}

/** Push and pull times of `ref` through a docker-style CLI (wharf's or docker's). */
function cliTransfer(tool: string, cli: (args: string[]) => Promise<RunResult>, ref: string): Promise<[number, number]> {
  return transfer(
    async (host) => {
      must(await cli(['tag', ref, `${host}/bench/big:1`]), `${tool} tag`);
      must(await cli(['push', '-q', `${host}/bench/big:1`]), `${tool} push`);
    },
    // The pull must fetch every layer: drop the image and its blobs first.
    async (host) => {
      must(await cli(['rmi', ref]), `${tool} untag`);
      must(await cli(['rmi', `${host}/bench/big:1`]), `${tool} rmi`);
    },
    async (host) => must(await cli(['pull', '-q', `${host}/bench/big:1`]), `${tool} pull`),
  );
}

export async function benchShip(tmp: string, wharf: Daemon, docker: DockerDaemon | undefined, say: Say): Promise<void> {
  const dir = join(tmp, 'ship');
  const ref = 'bench/big:1';
  const archive = await makeArchive(join(dir, 'image'), ref);
  must(await wharf.wharf(['load', '-i', archive]), 'wharf load');
  const mb = (LAYERS * LAYER_BYTES) / 1e6;
  try {
    const [wPush, wPull] = await cliTransfer('wharf', (args) => wharf.wharf(args), ref);
    const skopeoPull = (dest: string) => async (host: string) =>
      must(await run('skopeo', ['copy', '-q', '--src-tls-verify=false', `docker://${host}/bench/big:1`, dest], { timeoutMs: 300_000 }), 'skopeo pull');
    const skopeoPush = async (host: string): Promise<void> =>
      must(await run('skopeo', ['copy', '-q', '--dest-tls-verify=false', `docker-archive:${archive}`, `docker://${host}/bench/big:1`], { timeoutMs: 300_000 }), 'skopeo push');
    const [sPush, sPull] = await transfer(skopeoPush, async () => undefined, skopeoPull(`oci:${join(dir, 'oci')}:big`));
    // Into containers/storage (overlay), skopeo unpacks the layers too, as a pull into wharfd does.
    const storage = join(dir, 'cs');
    let sUnpack: number;
    try {
      [, sUnpack] = await transfer(skopeoPush, async () => undefined, skopeoPull(`containers-storage:[overlay@${storage}/root+${storage}/run]big:1`));
    } finally {
      // containers/storage leaves its overlay home bind-mounted.
      await unmountUnder(storage);
    }
    const line = (ms: number, vs?: number): string => `${(ms / 1000).toFixed(2)} s  ${(mb / (ms / 1000)).toFixed(0)} MB/s${vs ? `  (${(vs / ms).toFixed(2)}x skopeo's speed; target >= 1)` : ''}`;
    say(`wharf push ${LAYERS}-layer ${mb.toFixed(0)} MB image`, line(wPush, sPush));
    say(`skopeo copy (push) same image`, line(sPush));
    say(`wharf pull (download + unpack) same image`, line(wPull, sUnpack));
    say(`skopeo copy (pull to oci: dir, no unpack) same image`, line(sPull));
    say(`skopeo copy (pull to containers-storage, unpacks) same image`, line(sUnpack));
    if (docker) {
      must(await docker.docker(['load', '-i', archive]), 'docker load');
      const [dPush, dPull] = await cliTransfer('docker', (args) => docker.docker(args), ref);
      say('docker push (dockerd) same image', `${line(dPush)}  (wharf ${(dPush / wPush).toFixed(2)}x faster)`);
      say('docker pull (dockerd) same image', `${line(dPull)}  (wharf ${(dPull / wPull).toFixed(2)}x faster)`);
    } else {
      say('docker push/pull (dockerd)', 'skipped: dockerd not installed');
    }

    const ours = await TestRegistry.wharf();
    let wharfRate: number;
    try {
      wharfRate = await blobRate(ours);
    } finally {
      await ours.stop();
    }
    say(`wharf registry: 1 MB blob GETs, ${BLOB_CONCURRENCY} concurrent`, `${wharfRate.toFixed(0)} req/s`);
    if (hasReferenceRegistry()) {
      const reference = await TestRegistry.reference();
      let refRate: number;
      try {
        refRate = await blobRate(reference);
      } finally {
        await reference.stop();
      }
      say(`reference registry (docker-registry): same`, `${refRate.toFixed(0)} req/s  (wharf ${(wharfRate / refRate).toFixed(2)}x; target >= 1)`);
    } else {
      say('reference registry (docker-registry)', 'skipped: not installed');
    }
  } finally {
    for (const r of (await wharf.wharf(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n')) {
      if (r.endsWith('bench/big:1')) await wharf.wharf(['rmi', '-f', r]);
    }
    await rm(dir, { recursive: true, force: true });
  }
}
