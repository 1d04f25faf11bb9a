import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import tar from 'tar-stream';
import { busyboxRootfs, findStaticBusybox, isStaticElf } from './busybox.js';

test('static and dynamic ELF binaries are told apart', async () => {
  assert.equal(await isStaticElf(process.execPath), false);
  assert.equal(await isStaticElf(await findStaticBusybox()), true);
  await assert.rejects(findStaticBusybox(['/nonexistent/busybox', process.execPath]), /no statically linked busybox found/);
});

test('the busybox rootfs tar has the binary, an applet symlink each, and /etc like the official image', async () => {
  const busybox = await findStaticBusybox();
  const extract = tar.extract();
  const seen = new Map<string, { type: string; mode: number; size: number; linkname?: string; body?: string }>();
  const done = (async () => {
    for await (const e of extract) {
      let size = 0;
      const parts: Buffer[] = [];
      for await (const c of e) {
        size += (c as Buffer).length;
        if (e.header.name.startsWith('etc/')) parts.push(c as Buffer);
      }
      seen.set(e.header.name, { type: e.header.type, mode: e.header.mode, size, linkname: e.header.linkname || undefined, body: Buffer.concat(parts).toString() });
    }
  })();
  (await busyboxRootfs(busybox)).pipe(extract);
  await done;

  assert.equal(seen.get('bin/busybox')?.type, 'file');
  assert.equal(seen.get('bin/busybox')?.size, (await stat(busybox)).size);
  assert.equal(seen.get('bin/busybox')?.mode, 0o755);
  assert.deepEqual({ type: seen.get('bin/sh')?.type, linkname: seen.get('bin/sh')?.linkname }, { type: 'symlink', linkname: '/bin/busybox' });
  assert.equal(seen.get('bin/ls')?.type, 'symlink');
  assert.equal(seen.get('tmp/')?.mode, 0o1777);
  assert.equal(seen.get('root/')?.mode, 0o700);
  for (const d of ['usr/sbin/', 'home/', 'var/', 'etc/']) assert.equal(seen.get(d)?.type, 'directory', d);
  assert.match(seen.get('etc/passwd')?.body ?? '', /^root:x:0:0:root:\/root:\/bin\/sh\n/);
  assert.match(seen.get('etc/passwd')?.body ?? '', /\nnobody:x:65534:65534:nobody:\/home:\/bin\/false\n/);
  assert.match(seen.get('etc/group')?.body ?? '', /\nnogroup:x:65534:\n/);
  // directories come before what they hold
  const names = [...seen.keys()];
  assert.ok(names.indexOf('usr/bin/') < names.indexOf('usr/bin/awk'));
});
