/**
 * Build speed: a multi-stage Dockerfile (four stages, 600 files copied, a
 * few RUN steps), cold (--no-cache) and fully cached, built by wharfd through
 * `wharf build` and the docker CLI, and by dockerd's builder where installed.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Daemon, RunResult } from '../test/support/daemon.js';
import type { DockerDaemon } from '../test/support/dockerd.js';

const DOCKERFILE = `FROM busybox AS deps
COPY deps/ /deps/
RUN find /deps -type f | wc -l > /deps.count
FROM busybox AS assets
COPY assets/ /assets/
RUN cat /assets/*/* | sha256sum > /assets.sum
FROM busybox AS build
WORKDIR /src
COPY src/ ./
RUN tar -cf /app.tar . && sha256sum /app.tar > /app.sum
FROM busybox
COPY --from=deps /deps.count /
COPY --from=assets /assets.sum /
COPY --from=build /app.tar /app.sum /app/
ENV APP=/app
RUN echo built > /done
CMD ["cat", "/done"]
`;

async function makeContext(dir: string): Promise<void> {
  const files: Array<[string, number]> = [['src', 300], ['deps', 200], ['assets', 100]];
  for (const [top, n] of files) {
    for (let i = 0; i < n; i++) {
      const sub = join(dir, top, `d${i % 10}`);
      await mkdir(sub, { recursive: true });
      await writeFile(join(sub, `f${i}.txt`), `${top} file ${i}\n`.repeat(1 + (i % 50)));
    }
  }
  await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
}

export interface BuildBenchOptions {
  wharf: Daemon;
  docker?: DockerDaemon;
  tmp: string;
  runs: number;
  median: (n: number, fn: () => Promise<void>) => Promise<number>;
  say: (key: string, value: string) => void;
}

function must(r: RunResult, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`);
}

/** `POST /build` straight on the socket, the context tarred by tar(1): the daemon's time without a CLI process. */
function apiBuild(socket: string, ctx: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-c', '-C', ctx, '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const req = request({ socketPath: socket, method: 'POST', path: '/build?q=1', headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200 || body.includes('"error"')) reject(new Error(`POST /build: ${res.statusCode} ${body}`));
        else resolve();
      });
    });
    req.on('error', reject);
    tar.stdout.pipe(req);
  });
}

export async function benchBuild(o: BuildBenchOptions): Promise<void> {
  const ctx = join(o.tmp, 'build-context');
  await makeContext(ctx);
  const coldRuns = Math.max(1, Math.min(o.runs, 5));
  const wharfCold = await o.median(coldRuns, async () => must(await o.wharf.wharf(['build', '-q', '--no-cache', ctx]), 'wharf build --no-cache'));
  const wharfCached = await o.median(o.runs, async () => must(await o.wharf.wharf(['build', '-q', ctx]), 'wharf build'));
  o.say('wharf build multi-stage cold median', `${wharfCold.toFixed(0)} ms`);
  o.say('wharf build multi-stage cached median', `${wharfCached.toFixed(0)} ms`);
  const api = await o.median(o.runs, () => apiBuild(o.wharf.socket, ctx));
  o.say('POST /build cached median (no CLI process)', `${api.toFixed(0)} ms  (target < 200 ms)`);
  const viaDocker = await o.median(o.runs, async () => must(await o.wharf.docker(['build', '-q', ctx]), 'docker build → wharfd'));
  o.say('docker CLI → wharfd build cached median', `${viaDocker.toFixed(0)} ms`);
  if (!o.docker) {
    o.say('docker build (dockerd)', 'skipped: dockerd not installed');
    return;
  }
  const d = o.docker;
  const legacy = { DOCKER_BUILDKIT: '0' };
  const dockerCold = await o.median(coldRuns, async () => must(await d.docker(['build', '-q', '--no-cache', ctx], legacy), 'docker build --no-cache'));
  const dockerCached = await o.median(o.runs, async () => must(await d.docker(['build', '-q', ctx], legacy), 'docker build'));
  o.say('docker build (dockerd) cold median', `${dockerCold.toFixed(0)} ms  (wharf ${(dockerCold / wharfCold).toFixed(2)}x faster)`);
  o.say('docker build (dockerd) cached median', `${dockerCached.toFixed(0)} ms  (wharf ${(dockerCached / wharfCached).toFixed(2)}x faster)`);
}
