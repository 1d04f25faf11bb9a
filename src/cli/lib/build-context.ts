/**
 * The build context as `docker build` sends it: the directory's files that
 * .dockerignore keeps, as a tar streamed while it is walked (owner 0:0, as
 * Docker's CLI writes it); a Dockerfile from outside the context (or stdin)
 * rides along under a random name.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { contextPatterns, PatternMatcher, readDockerignore, walkContext, type ContextEntry } from '../../builder/context/index.js';
import { StatusError } from './errors.js';

type Header = Partial<tar.Header> & { name: string };

const READ_AHEAD = 32;
/** Files up to this size are read whole; larger ones are streamed into the tar. */
const READ_WHOLE = 1 << 20;

interface Loaded {
  entry: ContextEntry;
  st: Stats;
  data?: Buffer;
  linkname?: string;
}

async function load(entry: ContextEntry): Promise<Loaded> {
  const st = await lstat(entry.path);
  if (entry.type === 'symlink') return { entry, st, linkname: await readlink(entry.path) };
  if (entry.type === 'file' && st.size <= READ_WHOLE) return { entry, st, data: await readFile(entry.path) };
  return { entry, st };
}

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
 * the context; extraDockerfile: its text otherwise.
 */
export function packDirectory(dir: string, dockerfileInside: string | undefined, extraDockerfile: string | undefined): PackedContext {
  const pack = tar.pack();
  const extraName = extraDockerfile !== undefined ? `.dockerfile.${randomBytes(10).toString('hex')}` : undefined;
  const add = (header: Header, body?: string | Buffer): Promise<void> =>
    new Promise((res, rej) => pack.entry(header, body ?? '', (err) => (err ? rej(err) : res())));
  (async () => {
    const patterns = contextPatterns(await readIgnore(dir), dockerfileInside ?? 'Dockerfile');
    const entries: ContextEntry[] = [];
    for await (const e of walkContext(dir, new PatternMatcher(patterns))) entries.push(e);
    // Contexts are mostly small files: read a window of them ahead while earlier ones are written.
    const loads = new Map<number, Promise<Loaded>>();
    const ahead = (i: number): void => {
      const e = entries[i];
      if (e && !loads.has(i)) loads.set(i, load(e));
    };
    for (let i = 0; i < entries.length; i++) {
      for (let j = i; j < i + READ_AHEAD; j++) ahead(j);
      const { entry, st, data, linkname } = await (loads.get(i) as Promise<Loaded>);
      loads.delete(i);
      const base = { name: entry.rel, mode: st.mode & 0o7777, uid: 0, gid: 0, mtime: st.mtime };
      if (entry.type === 'dir') await add({ ...base, type: 'directory' });
      else if (entry.type === 'symlink') await add({ ...base, type: 'symlink', linkname });
      else if (entry.type === 'file' && data) await add({ ...base, type: 'file', size: st.size }, data);
      else if (entry.type === 'file') await pipeline(createReadStream(entry.path), pack.entry({ ...base, type: 'file', size: st.size }));
    }
    if (extraName !== undefined) await add({ name: extraName, mode: 0o600, uid: 0, gid: 0, mtime: new Date(), type: 'file' }, extraDockerfile);
    pack.finalize();
  })().catch((err: unknown) => pack.destroy(err as Error));
  return { tar: pack as unknown as Readable, dockerfile: extraName ?? dockerfileInside ?? '' };
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
