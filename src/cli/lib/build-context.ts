/**
 * The build context as `docker build` sends it: the directory's files that
 * .dockerignore keeps, as a tar stream (owner 0:0, as Docker's CLI writes
 * it); a Dockerfile from outside the context (or stdin) rides along under a
 * random name.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { contextPatterns, PatternMatcher, readDockerignore, walkContext } from '../../builder/context/index.js';
import { StatusError } from './errors.js';

export interface PackedContext {
  tar: Readable;
  /** What the daemon is told the Dockerfile is called inside the context. */
  dockerfile: string;
}

async function readIgnore(dir: string): Promise<string[]> {
  try {
    return readDockerignore(await readFile(join(dir, '.dockerignore'), 'utf8'));
  } catch {
    return [];
  }
}

/**
 * dockerfileInside: the Dockerfile's context-relative path, when it lives in
 * the context; extraDockerfile: its text otherwise. The walk decides what
 * goes in; tar(1) writes it (hundreds of small files are its strength), the
 * kept paths fed to it as a NUL-separated list.
 */
export async function packDirectory(dir: string, dockerfileInside: string | undefined, extraDockerfile: string | undefined): Promise<PackedContext> {
  const patterns = contextPatterns(await readIgnore(dir), dockerfileInside ?? 'Dockerfile');
  const names: string[] = [];
  for await (const e of walkContext(dir, new PatternMatcher(patterns))) names.push(e.rel);
  const args = ['-c', '-f', '-', '--null', '--no-recursion', '--owner=0', '--group=0', '--numeric-owner', '-C', dir, '-T', '-'];
  let extraDir: string | undefined;
  let extraName: string | undefined;
  if (extraDockerfile !== undefined) {
    extraDir = await mkdtemp(join(tmpdir(), 'wharf-build-'));
    extraName = `.dockerfile.${randomBytes(10).toString('hex')}`;
    await writeFile(join(extraDir, extraName), extraDockerfile, { mode: 0o600 });
    args.push('-C', extraDir, extraName);
  }
  const proc = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  proc.stderr.on('data', (b: Buffer) => stderr.push(b));
  proc.stdin.on('error', () => undefined);
  proc.stdin.end(names.map((n) => `${n}\0`).join(''));
  // Held in a stream of our own from the start: the request that reads it opens only after a ping.
  const out = new PassThrough();
  proc.stdout.pipe(out, { end: false });
  proc.on('close', (code) => {
    if (code === 0) out.end();
    if (extraDir) void rm(extraDir, { recursive: true, force: true });
    if (code !== 0) out.destroy(new StatusError(1, `error creating the build context: ${Buffer.concat(stderr).toString().trim()}`));
  });
  return { tar: out, dockerfile: extraName ?? dockerfileInside ?? '' };
}

/** A tar with just the Dockerfile (`docker build - < Dockerfile`). */
export function packDockerfileOnly(text: string): PackedContext {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile', mode: 0o600, uid: 0, gid: 0, mtime: new Date(), type: 'file' }, text);
  pack.finalize();
  return { tar: pack as unknown as Readable, dockerfile: 'Dockerfile' };
}

/** `-f` relative to the context when it lies inside it, else undefined. */
export function dockerfileInContext(contextDir: string, file: string): string | undefined {
  const rel = relative(resolve(contextDir), resolve(file));
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** stdin as a context: a tar (plain or gzip) as it is, anything else is a Dockerfile. */
export async function stdinContext(stdin: NodeJS.ReadableStream): Promise<PackedContext> {
  const it = (stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < 262) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    size += r.value.length;
  }
  const first = Buffer.concat(head);
  const isTar = (first[0] === 0x1f && first[1] === 0x8b) || first.subarray(257, 262).toString('latin1') === 'ustar';
  if (!isTar) {
    const rest: Buffer[] = [first];
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    return packDockerfileOnly(Buffer.concat(rest).toString('utf8'));
  }
  const out = new PassThrough();
  (async () => {
    out.write(first);
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) if (!out.write(r.value)) await new Promise((res) => out.once('drain', res));
    out.end();
  })().catch((err: unknown) => out.destroy(err as Error));
  return { tar: out, dockerfile: '' };
}

export async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

export function notADirectory(path: string): StatusError {
  return new StatusError(1, `unable to prepare context: path "${path}" not found`);
}
