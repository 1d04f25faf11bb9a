/**
 * A busybox root filesystem built on the client from the host's static
 * busybox, as a tar stream: the binary, a symlink per applet, and the /etc
 * files, directories and modes of the official busybox image.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import tar from 'tar-stream';
import { failedPrecondition } from '../../errdefs/index.js';

const CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

const PT_INTERP = 3;

/** A static ELF has no PT_INTERP program header (no dynamic loader). */
export async function isStaticElf(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const ident = Buffer.alloc(64);
    await fh.read(ident, 0, 64, 0);
    if (ident.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = ident[4] === 2;
    const le = ident[5] === 1;
    const u16 = (o: number): number => (le ? ident.readUInt16LE(o) : ident.readUInt16BE(o));
    const phoff = is64 ? Number(le ? ident.readBigUInt64LE(0x20) : ident.readBigUInt64BE(0x20)) : le ? ident.readUInt32LE(0x1c) : ident.readUInt32BE(0x1c);
    const phentsize = u16(is64 ? 0x36 : 0x2a);
    const phnum = u16(is64 ? 0x38 : 0x2c);
    const table = Buffer.alloc(phentsize * phnum);
    await fh.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const type = le ? table.readUInt32LE(i * phentsize) : table.readUInt32BE(i * phentsize);
      if (type === PT_INTERP) return false;
    }
    return true;
  } finally {
    await fh.close();
  }
}

/** The host's statically linked busybox, or a clear error. */
export async function findStaticBusybox(candidates: readonly string[] = CANDIDATES): Promise<string> {
  for (const path of candidates) {
    try {
      if ((await stat(path)).isFile() && (await isStaticElf(path))) return path;
    } catch {
      // not there: try the next place
    }
  }
  throw failedPrecondition(`no statically linked busybox found at ${candidates.join(' or ')}; install busybox-static`);
}

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
`;

const SHADOW = PASSWD.split('\n')
  .filter((l) => l !== '')
  .map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '' : '*'}:10933:0:99999:7:::\n`)
  .join('');

const DIRECTORIES: ReadonlyArray<[string, number]> = [
  ['bin', 0o755],
  ['dev', 0o755],
  ['etc', 0o755],
  ['etc/network', 0o755],
  ['home', 0o755],
  ['lib', 0o755],
  ['root', 0o700],
  ['sbin', 0o755],
  ['tmp', 0o1777],
  ['usr', 0o755],
  ['usr/bin', 0o755],
  ['usr/sbin', 0o755],
  ['var', 0o755],
  ['var/spool', 0o755],
  ['var/spool/mail', 0o755],
  ['var/www', 0o755],
];

const FILES: ReadonlyArray<[string, string, number]> = [
  ['etc/passwd', PASSWD, 0o644],
  ['etc/group', GROUP, 0o644],
  ['etc/shadow', SHADOW, 0o640],
  ['etc/nsswitch.conf', 'hosts: files dns\nnetworks: files\n', 0o644],
];

/** Applet paths (`bin/ls`, `usr/bin/awk` …) from `busybox --list-full`. */
export async function appletPaths(busybox: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(busybox, ['--list-full'], { maxBuffer: 1 << 20 });
  return stdout
    .split('\n')
    .map((l) => l.trim().replace(/^\/+/, ''))
    .filter((l) => l !== '' && l !== 'bin/busybox' && !l.includes('..'));
}

/** The rootfs tar. Every entry gets the binary's mtime, so the same busybox always makes the same layer. */
export async function busyboxRootfs(busybox: string): Promise<Readable> {
  const [info, applets] = await Promise.all([stat(busybox), appletPaths(busybox)]);
  const mtime = info.mtime;
  const pack = tar.pack();
  const add = (header: Partial<tar.Header> & { name: string }, body?: string): Promise<void> =>
    new Promise((resolve, reject) => pack.entry({ uid: 0, gid: 0, mtime, ...header }, body ?? '', (err) => (err ? reject(err) : resolve())));
  void (async () => {
    try {
      const dirs = new Map(DIRECTORIES);
      for (const applet of applets) {
        const parts = applet.split('/').slice(0, -1);
        for (let i = 1; i <= parts.length; i++) if (!dirs.has(parts.slice(0, i).join('/'))) dirs.set(parts.slice(0, i).join('/'), 0o755);
      }
      for (const [name, mode] of [...dirs].sort(([a], [b]) => (a < b ? -1 : 1))) await add({ name: `${name}/`, type: 'directory', mode });
      await pipeline(createReadStream(busybox), pack.entry({ name: 'bin/busybox', size: info.size, mode: 0o755, uid: 0, gid: 0, mtime }));
      for (const applet of applets) await add({ name: applet, type: 'symlink', linkname: '/bin/busybox', mode: 0o777 });
      for (const [name, text, mode] of FILES) await add({ name, type: 'file', mode }, text);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
  })();
  return Readable.from(pack);
}
