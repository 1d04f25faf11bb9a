/**
 * Security options through the real docker CLI and wharf: privileges,
 * capabilities, seccomp (default, unconfined, a profile file), users and
 * groups, devices, the namespace modes and sysctls, and what a default
 * container is denied.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilitiesFromMask } from '../../src/runtime/capabilities.js';
import { buildSyscallProbe } from '../support/c-probe.js';
import { Daemon } from '../support/daemon.js';
import { bothClients, ok, type Cli } from '../support/clients.js';

let d: Daemon;
let docker: Cli;
let dir: string;
/** A static binary calling keyctl(KEYCTL_GET_KEYRING_ID): busybox has no keyctl applet. Undefined without a C toolchain. */
let keyctlProbe: string | undefined;

before(async () => {
  d = await Daemon.start();
  docker = (a, o) => d.docker(a, o);
  dir = await mkdtemp(join(tmpdir(), 'wharf-sec-'));
  keyctlProbe = await buildSyscallProbe(dir, 'keyctl', 'syscall(SYS_keyctl, 0, -3, 0)');
});
after(async () => {
  await d?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** The capability names of a status line (`CapEff:\t…`) printed in the container. */
function caps(status: string, field: string): string[] {
  const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status);
  assert.ok(m?.[1], `${field} in ${status}`);
  return capabilitiesFromMask(m[1]);
}

async function hostBoundingSet(): Promise<string[]> {
  return caps(await readFile('/proc/self/status', 'utf8'), 'CapBnd');
}

bothClients('a default container is denied mount, modules, time, hostname, host processes and /proc/kcore', () => d, async (c) => {
  const script = [
    'mount -t tmpfs t /tmp 2>&1; echo "mount=$?"',
    'echo x > /m; insmod /m 2>&1',
    'date -s 2001-01-01 2>&1',
    'hostname evil 2>&1; echo "hostname=$?"',
    'echo "procs=$(ls -d /proc/[0-9]* | wc -l)"',
    'head -c 1 /proc/kcore 2>/dev/null | wc -c',
    'unshare -U true 2>&1; echo "unshare=$?"',
  ].join('; ');
  const out = await ok(c, ['run', '--rm', 'busybox', 'sh', '-c', script]);
  assert.match(out, /mount: permission denied[\s\S]*mount=\d*[1-9]/);
  assert.match(out, /insmod: can't insert '\/m': Operation not permitted/);
  assert.match(out, /date: can't set date: Operation not permitted/);
  assert.match(out, /sethostname: Operation not permitted\s+hostname=1/);
  // sh, ls and the subshell at most: no host process is visible.
  assert.ok(Number(/procs=(\d+)/.exec(out)?.[1]) <= 4, out);
  // /proc/kcore is masked (or absent on this kernel): nothing can be read from it.
  assert.match(out, /^0$/m);
  assert.match(out, /unshare: unshare\(0x10000000\): Operation not permitted\s+unshare=1/);
  assert.equal(hostname(), (await readFile('/proc/sys/kernel/hostname', 'utf8')).trim());
});

test('default seccomp refuses keyctl; unconfined allows it', async (t) => {
  if (!keyctlProbe) {
    t.skip('no static C toolchain to build the keyctl probe');
    return;
  }
  const denied = await d.docker(['run', '--rm', '-v', `${keyctlProbe}:/keyctl:ro`, 'busybox', '/keyctl']);
  assert.equal(denied.stdout.trim(), 'errno 1');
  assert.equal(await ok(docker, ['run', '--rm', '--security-opt', 'seccomp=unconfined', '-v', `${keyctlProbe}:/keyctl:ro`, 'busybox', '/keyctl']), 'ok');
});

bothClients('--privileged gets every capability the host has, its devices, no masked paths, no seccomp', () => d, async (c) => {
  const out = await ok(c, ['run', '--rm', '--privileged', 'busybox', 'sh', '-c', 'cat /proc/self/status; ls /dev | wc -l; ls /sys/firmware | wc -l; echo x > /m; insmod /m 2>&1; mount -t tmpfs t /tmp && echo mounted']);
  assert.deepEqual(caps(out, 'CapEff'), await hostBoundingSet());
  assert.deepEqual(caps(out, 'CapBnd'), await hostBoundingSet());
  assert.match(out, /^Seccomp:\s+0$/m);
  assert.doesNotMatch(out, /Operation not permitted/);
  assert.match(out, /mounted/);
  const counts = out.split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number);
  assert.ok((counts[0] ?? 0) > 20, `host devices in /dev: ${counts[0]}`);
  assert.ok((counts[1] ?? 0) > 0, '/sys/firmware is not masked');
  const plain = await ok(c, ['run', '--rm', 'busybox', 'sh', '-c', 'ls /sys/firmware | wc -l; grep Seccomp: /proc/self/status']);
  assert.match(plain, /^0\nSeccomp:\s+2$/);
});

bothClients('--cap-add and --cap-drop, ALL included', () => d, async (c) => {
  const eff = async (flags: string[]): Promise<string[]> => caps(await ok(c, ['run', '--rm', ...flags, 'busybox', 'grep', 'CapEff', '/proc/self/status']), 'CapEff');
  assert.deepEqual(await eff(['--cap-drop', 'ALL']), []);
  assert.deepEqual(await eff(['--cap-drop', 'ALL', '--cap-add', 'net_admin', '--cap-add', 'CAP_KILL']), ['CAP_KILL', 'CAP_NET_ADMIN']);
  assert.deepEqual(await eff(['--cap-add', 'ALL']), await hostBoundingSet());
  const dropped = await eff(['--cap-drop', 'CHOWN', '--cap-add', 'SYS_TIME']);
  assert.ok(!dropped.includes('CAP_CHOWN') && dropped.includes('CAP_SYS_TIME') && dropped.includes('CAP_KILL'));
  const chown = await c(['run', '--rm', '--cap-drop', 'CHOWN', 'busybox', 'sh', '-c', 'touch /f && chown 1:1 /f']);
  assert.notEqual(chown.code, 0);
  assert.match(chown.stderr + chown.stdout, /Operation not permitted/);
});

bothClients('no-new-privileges and seccomp options, a profile file included', () => d, async (c) => {
  assert.match(await ok(c, ['run', '--rm', '--security-opt', 'no-new-privileges', 'busybox', 'grep', 'NoNewPrivs', '/proc/self/status']), /NoNewPrivs:\s+1/);
  assert.match(await ok(c, ['run', '--rm', '--security-opt', 'seccomp=unconfined', 'busybox', 'grep', 'Seccomp:', '/proc/self/status']), /Seccomp:\s+0/);
  const profile = join(dir, 'no-mkdir.json');
  await writeFile(
    profile,
    JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }, { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
      syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    }),
  );
  const r = await c(['run', '--rm', '--security-opt', `seccomp=${profile}`, 'busybox', 'sh', '-c', 'mkdir /x; echo "mkdir=$?"; unshare -U true && echo unshared']);
  assert.match(r.stdout, /mkdir=1\nunshared/);
  assert.match(r.stderr, /can't create directory '\/x': Operation not permitted/);
});

bothClients('--user resolves names from the image, --group-add adds groups, --device maps a host device', () => d, async (c) => {
  assert.equal(await ok(c, ['run', '--rm', '--user', 'nobody', 'busybox', 'id']), 'uid=65534(nobody) gid=65534(nogroup)');
  assert.equal(await ok(c, ['run', '--rm', '--user', '1234:5678', 'busybox', 'sh', '-c', 'id -u; id -g']), '1234\n5678');
  assert.equal(await ok(c, ['run', '--rm', '--user', 'mail:www-data', 'busybox', 'sh', '-c', 'id -u; id -g']), '8\n33');
  const groups = await ok(c, ['run', '--rm', '--user', 'nobody', '--group-add', 'audio', '--group-add', '4242', 'busybox', 'id', '-G']);
  assert.deepEqual(groups.split(' ').map(Number).sort((a, b) => a - b), [29, 4242, 65534]);
  const unknown = await c(['run', '--rm', '--user', 'ghost', 'busybox', 'true']);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /unable to find user ghost: no matching entries in passwd file/);
  assert.match(await ok(c, ['run', '--rm', '--device', '/dev/null:/dev/mynull', 'busybox', 'sh', '-c', 'ls -l /dev/mynull; echo x > /dev/mynull && echo wrote']), /^crw.*1,\s+3 .*\/dev\/mynull\nwrote$/);
});

bothClients('--ipc, --pid, --uts, --userns and --cgroupns modes', () => d, async (c) => {
  const hostNs = async (kind: string): Promise<string> => readlink(`/proc/self/ns/${kind}`);
  const ns = async (flags: string[], kind: string): Promise<string> => ok(c, ['run', '--rm', ...flags, 'busybox', 'readlink', `/proc/self/ns/${kind}`]);
  const donor = await ok(c, ['run', '-d', '--ipc', 'shareable', 'busybox', 'sleep', '1000']);
  const plain = await ok(c, ['run', '-d', 'busybox', 'sleep', '1000']);
  try {
    const donorIpc = await ok(c, ['exec', donor, 'readlink', '/proc/self/ns/ipc']);
    assert.equal(await ns(['--ipc', `container:${donor}`], 'ipc'), donorIpc);
    assert.equal(await ns(['--ipc', 'host'], 'ipc'), await hostNs('ipc'));
    assert.notEqual(await ns(['--ipc', 'private'], 'ipc'), await hostNs('ipc'));
    assert.equal(await ok(c, ['run', '--rm', '--ipc', 'none', 'busybox', 'sh', '-c', 'grep -c " /dev/shm " /proc/mounts || true']), '0');
    const nonShareable = await c(['run', '--rm', '--ipc', `container:${plain}`, 'busybox', 'true']);
    assert.equal(nonShareable.code, 125);
    assert.match(nonShareable.stderr, /non-shareable IPC \(hint: use IpcMode:shareable for the donor container\)/);

    assert.equal(await ns(['--pid', 'host'], 'pid'), await hostNs('pid'));
    assert.match(await ok(c, ['run', '--rm', '--pid', `container:${donor}`, 'busybox', 'ps', '-o', 'pid,args']), /^\s*1 sleep 1000$/m);
    assert.equal(await ok(c, ['run', '--rm', '--uts', 'host', 'busybox', 'hostname']), hostname());
    assert.equal(await ns(['--userns', 'host'], 'user'), await hostNs('user'));
    assert.equal(await ns(['--cgroupns', 'host'], 'cgroup'), await hostNs('cgroup'));
    assert.notEqual(await ns(['--cgroupns', 'private'], 'cgroup'), await hostNs('cgroup'));
  } finally {
    await ok(c, ['rm', '-f', donor, plain]);
  }
});

bothClients('namespaced sysctls are set; others are refused', () => d, async (c) => {
  const out = await ok(c, ['run', '--rm', '--sysctl', 'net.ipv4.ip_forward=1', '--sysctl', 'kernel.shmmax=1048576', '--sysctl', 'fs.mqueue.msg_max=64', 'busybox', 'sh', '-c', 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax /proc/sys/fs/mqueue/msg_max']);
  assert.equal(out, '1\n1048576\n64');
  const r = await c(['run', '--rm', '--sysctl', 'kernel.panic=1', 'busybox', 'true']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /sysctl 'kernel\.panic(=1)?' is not (allowed|whitelisted)/);
});
