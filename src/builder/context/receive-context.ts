/**
 * The daemon's side of a build context: the request body (a tar, maybe
 * gzip) unpacked straight to disk as it arrives, never held in memory, then
 * trimmed to what .dockerignore keeps (a client may send more than it should).
 *
 * GNU tar does the unpacking: a context of hundreds of small files is
 * dominated by per-file system calls, which it makes synchronously in one
 * process, several times faster than a JavaScript extractor. It refuses
 * `..` members and absolute names, and defers links that point outside, so
 * nothing lands outside the directory; COPY then refuses to follow symlinks
 * that leave the context.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decompress } from '../../archive/index.js';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import { PatternMatcher, readDockerignore } from './dockerignore.js';
import { walkContext } from './walk-context.js';

/**
 * The docker CLI, when it adds a Dockerfile from outside the context, ends the
 * tar right after that file's bytes: no padding, no end-of-archive blocks (Go's
 * reader shrugs). Complete the stream so tar(1) sees a well-formed archive;
 * zeros after a proper end are never read.
 */
async function* terminated(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of src) {
    size += chunk.length;
    yield chunk;
  }
  yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
}

export async function receiveContext(body: Readable, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir, '--no-same-permissions', '--delay-directory-restore'], { stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  tar.stderr.on('data', (b: Buffer) => stderr.push(b));
  const exited = new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => resolve(code ?? 1));
  });
  try {
    await pipeline(decompress(body), terminated, tar.stdin);
  } catch (err) {
    tar.kill();
    await exited.catch(() => undefined);
    throw invalidArgument(`failed to read the build context: ${(err as Error).message}`, err);
  }
  const code = await exited;
  if (code !== 0) throw invalidArgument(`failed to unpack the build context: ${Buffer.concat(stderr).toString().trim()}`);
}

/**
 * Removes what .dockerignore excludes. Clients send the Dockerfile and
 * .dockerignore even when excluded; read the Dockerfile first, then this
 * drops them as Docker does.
 */
export async function applyDockerignore(dir: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(dir, '.dockerignore'), 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  const matcher = new PatternMatcher(readDockerignore(text));
  const kept = new Set<string>();
  for await (const e of walkContext(dir, matcher)) kept.add(e.rel);
  await prune(dir, '', kept);
}

/** Deletes entries not kept; a directory stays while something below it is kept. */
async function prune(dir: string, rel: string, kept: ReadonlySet<string>): Promise<boolean> {
  let empty = true;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const r = rel === '' ? name : `${rel}/${name}`;
    const st = await lstat(path);
    if (st.isDirectory()) {
      const keepsSomething = await prune(path, r, kept);
      if (!keepsSomething && !kept.has(r)) await rmdir(path);
      else empty = false;
    } else if (kept.has(r)) empty = false;
    else await rm(path, { force: true });
  }
  return !empty;
}
