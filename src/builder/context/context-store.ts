/**
 * Received build contexts, kept for reuse. The request body is streamed to
 * one tar file while it is hashed; a context whose bytes (and Dockerfile
 * name) match one received lately is not unpacked again, and the source
 * hashes computed on it are still valid, since nothing writes to a context.
 * That turns a fully cached rebuild from "create and hash hundreds of files"
 * into "write one file". Only a few contexts are kept; one in use is removed
 * when its last build lets go of it.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decompress } from '../../archive/index.js';
import { invalidArgument } from '../../errdefs/index.js';
import { logger } from '../../util/logger.js';
import { applyDockerignore } from './apply-dockerignore.js';
import { readContextFile } from './context-file.js';

const log = logger('builder');

/** Contexts up to this many (uncompressed) tar bytes are kept for reuse. */
const RETAIN_MAX = 64 * 1024 * 1024;

export interface ContextLease {
  dir: string;
  dockerfile: string;
  /** Source hashes by host path, shared by every build of this context. */
  hashes: Map<string, Promise<string>>;
  release(): void;
}

interface Retained {
  dir: string;
  dockerfile: string;
  hashes: Map<string, Promise<string>>;
  users: number;
  evicted: boolean;
}

export class ContextStore {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly retained = new Map<string, Retained>();

  constructor(
    private readonly root: string,
    private readonly keep = 2,
  ) {}

  async receive(body: Readable, dockerfileName: string): Promise<ContextLease> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const id = randomBytes(8).toString('hex');
    const tarPath = join(this.root, `tmp-${id}.tar`);
    try {
      const { digest, size } = await spool(body, tarPath);
      const key = `${digest}\0${dockerfileName}`;
      const hit = this.retained.get(key);
      if (hit) {
        this.retained.delete(key);
        this.retained.set(key, hit);
        return this.lease(hit);
      }
      const dir = join(this.root, `ctx-${id}`);
      try {
        await untar(tarPath, dir);
        // Read before .dockerignore is applied: an excluded Dockerfile is still the one to build.
        const dockerfile = await readDockerfile(dir, dockerfileName);
        await applyDockerignore(dir);
        // A huge context is not worth its disk space between builds: it goes when its build ends.
        const keep = size <= RETAIN_MAX;
        const entry: Retained = { dir, dockerfile, hashes: new Map(), users: 0, evicted: !keep };
        if (keep) {
          this.retained.set(key, entry);
          this.evict();
        }
        return this.lease(entry);
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    } finally {
      await rm(tarPath, { force: true });
    }
  }

  private lease(entry: Retained): ContextLease {
    entry.users++;
    let released = false;
    return {
      dir: entry.dir,
      dockerfile: entry.dockerfile,
      hashes: entry.hashes,
      release: () => {
        if (released) return;
        released = true;
        entry.users--;
        if (entry.evicted && entry.users === 0) remove(entry.dir);
      },
    };
  }

  private evict(): void {
    for (const [key, entry] of this.retained) {
      if (this.retained.size <= this.keep) return;
      this.retained.delete(key);
      entry.evicted = true;
      if (entry.users === 0) remove(entry.dir);
    }
  }
}

/** Deleting hundreds of files takes as long as a cached build: nobody waits for it. */
function remove(dir: string): void {
  rm(dir, { recursive: true, force: true }).catch((err: unknown) => log.warn('removing a build context failed', { dir, error: String(err) }));
}

/**
 * The body, uncompressed, into `path`; returns its sha256. The docker CLI, when it
 * adds a Dockerfile from outside the context, ends the tar right after that file's
 * bytes (no padding, no end-of-archive blocks; Go's reader shrugs): the spooled copy
 * is completed so tar(1) sees a well-formed archive. Zeros after a proper end are never read.
 */
async function spool(body: Readable, path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let total = 0;
  async function* terminated(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let size = 0;
    for await (const chunk of src) {
      size += chunk.length;
      hash.update(chunk);
      yield chunk;
    }
    total = size;
    yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
  }
  try {
    await pipeline(decompress(body), terminated, createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    throw invalidArgument(`failed to read the build context: ${(err as Error).message}`, err);
  }
  return { digest: hash.digest('hex'), size: total };
}

/**
 * GNU tar unpacks: a context of hundreds of small files is dominated by per-file
 * system calls, which it makes synchronously in one process, several times faster
 * than a JavaScript extractor. It refuses `..` members and absolute names and defers
 * links that point outside; COPY then refuses to follow symlinks that leave the context.
 */
async function untar(tarPath: string, dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 });
  const tar = spawn('tar', ['-x', '-f', tarPath, '-C', dir, '--no-same-permissions', '--delay-directory-restore'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  tar.stderr.on('data', (b: Buffer) => stderr.push(b));
  const code = await new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw invalidArgument(`failed to unpack the build context: ${Buffer.concat(stderr).toString().trim()}`);
}

/** Only a regular file is a Dockerfile: a fifo of that name would block the read for good. */
async function readDockerfile(dir: string, name: string): Promise<string> {
  const candidates = name ? [name] : ['Dockerfile', 'dockerfile'];
  for (const c of candidates) {
    const text = await readContextFile(dir, c);
    if (text !== undefined) return text;
  }
  throw invalidArgument(`Cannot locate specified Dockerfile: ${name || 'Dockerfile'}`);
}
