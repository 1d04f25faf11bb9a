import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

// Docker's default set: chown dac_override fowner fsetid kill setgid setuid setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap
const DOCKER_DEFAULT_CAPS = 0xa80425fbn;

test('namespaces: own pid 1, hostname, mount table; network none has only lo', async () => {
  const out = await ok(docker, ['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'echo $$; hostname; ls /sys/class/net | tr "\\n" " "']);
  const [pid, host, nets] = out.split('\n');
  assert.equal(pid, '1');
  assert.notEqual(host, hostname());
  assert.match(host ?? '', /^[0-9a-f]{12}$/);
  assert.equal(nets?.trim(), 'lo');
  const hostNet = await ok(docker, ['run', '--rm', '--network', 'host', 'busybox', 'hostname']);
  assert.equal(hostNet, hostname());
});

test("default capabilities, seccomp and masked paths are Docker's", async () => {
  const caps = await ok(docker, ['run', '--rm', 'busybox', 'sh', '-c', 'grep CapEff /proc/self/status']);
  assert.equal(BigInt('0x' + (caps.split(/\s+/)[1] ?? '0')), DOCKER_DEFAULT_CAPS);
  assert.match(await ok(docker, ['run', '--rm', 'busybox', 'sh', '-c', 'grep Seccomp: /proc/self/status']), /Seccomp:\s+2/);
  const unshare = await docker(['run', '--rm', 'busybox', 'unshare', '-U', 'true']);
  assert.notEqual(unshare.code, 0);
  // Masked with /dev/null where the kernel has it; some kernels have no /proc/kcore at all.
  const kcore = await ok(docker, ['run', '--rm', 'busybox', 'sh', '-c', 'if [ -e /proc/kcore ]; then wc -c < /proc/kcore; else echo absent; fi']);
  assert.match(kcore, /^(0|absent)$/);
  const sysrq = await docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo h > /proc/sysrq-trigger']);
  assert.notEqual(sysrq.code, 0);
  const mount = await docker(['run', '--rm', 'busybox', 'mount', '-t', 'tmpfs', 'none', '/mnt']);
  assert.notEqual(mount.code, 0);
  const hostnameChange = await docker(['run', '--rm', 'busybox', 'hostname', 'x']);
  assert.notEqual(hostnameChange.code, 0, 'sethostname needs CAP_SYS_ADMIN, which the default set lacks');
  // busybox `date -s` reports the failed settimeofday but still exits 0, so read what it said.
  const date = await docker(['run', '--rm', 'busybox', 'date', '-s', '2001-01-01']);
  assert.match(date.stderr, /can't set date: Operation not permitted/);
});

test('generated /etc files and a minimal /dev', async () => {
  const id = await ok(docker, ['run', '-d', '--name', 'etc', '-h', 'box', 'busybox', 'sleep', '1000']);
  assert.ok(id);
  assert.equal(await ok(docker, ['exec', 'etc', 'cat', '/etc/hostname']), 'box');
  assert.match(await ok(docker, ['exec', 'etc', 'cat', '/etc/hosts']), /127\.0\.0\.1\s+localhost/);
  assert.match(await ok(docker, ['exec', 'etc', 'cat', '/etc/resolv.conf']), /nameserver/);
  const dev = (await ok(docker, ['exec', 'etc', 'ls', '/dev'])).split(/\s+/);
  for (const node of ['null', 'zero', 'random', 'urandom', 'tty', 'full', 'pts', 'shm']) assert.ok(dev.includes(node), `/dev/${node}`);
  assert.ok(!dev.includes('sda') && !dev.includes('vda'));
  await ok(docker, ['rm', '-f', 'etc']);
});

test('privileged grants the host capability set', async () => {
  const status = await ok(docker, ['run', '--rm', '--privileged', 'busybox', 'sh', '-c', 'grep CapEff /proc/self/status']);
  const { readFile } = await import('node:fs/promises');
  const bnd = /CapBnd:\s+([0-9a-f]+)/.exec(await readFile('/proc/self/status', 'utf8'))?.[1];
  assert.equal(status.split(/\s+/)[1], bnd);
});
