import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalidArgument } from '../errdefs/index.js';
import { DEFAULT_CAPABILITIES, KNOWN_CAPABILITIES } from './capabilities.js';
import { buildExecProcess, buildSpec, serializeSpec, toLinuxResources } from './spec.js';
import type { HostFacts, SpecInput } from './types.js';

const HOST: HostFacts = {
  boundingCaps: KNOWN_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE'),
  hardRlimits: { RLIMIT_NOFILE: 20000, RLIMIT_NPROC: 96365, RLIMIT_CORE: Infinity },
  kernelRelease: '6.1.0-18-amd64',
  swapLimit: true,
};

function input(over: Partial<SpecInput> = {}): SpecInput {
  return {
    id: 'c0ffee',
    rootfs: '/var/lib/wharf/rootfs',
    args: ['sh', '-c', 'true'],
    env: ['PATH=/bin'],
    cwd: '/work',
    user: { uid: 0, gid: 0, additionalGids: [] },
    hostname: 'c0ffee',
    tty: false,
    namespaces: { network: { type: 'private' } },
    host: HOST,
    ...over,
  };
}

const destinations = (s: ReturnType<typeof buildSpec>): string[] => (s.mounts ?? []).map((m) => m.destination);
const syscallAllowed = (s: ReturnType<typeof buildSpec>, name: string): boolean =>
  (s.linux?.seccomp?.syscalls ?? []).some((r) => r.action === 'SCMP_ACT_ALLOW' && r.names.includes(name) && !r.args);

// Long only as a suite: the body is a list of independent `it` cases.
describe('buildSpec', () => {
  it("produces Docker's defaults", () => {
    const s = buildSpec(input());
    assert.equal(s.process?.cwd, '/work');
    assert.deepEqual(s.process?.args, ['sh', '-c', 'true']);
    assert.equal(s.process?.terminal, false);
    assert.deepEqual(s.process?.capabilities?.bounding, [...DEFAULT_CAPABILITIES]);
    assert.deepEqual(s.process?.capabilities?.effective, [...DEFAULT_CAPABILITIES]);
    assert.equal(s.process?.rlimits, undefined);
    assert.equal(s.hostname, 'c0ffee');
    assert.deepEqual(s.root, { path: '/var/lib/wharf/rootfs', readonly: false });
    assert.equal(s.linux?.cgroupsPath, '/wharf/c0ffee');
    assert.deepEqual(s.linux?.namespaces?.map((n) => n.type), ['pid', 'network', 'ipc', 'uts', 'mount']);
    assert.deepEqual(destinations(s), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm']);
    assert.ok(s.mounts?.find((m) => m.destination === '/dev/shm')?.options?.includes('size=65536k'));
    assert.ok(s.mounts?.find((m) => m.destination === '/sys')?.options?.includes('ro'));
    assert.ok(s.linux?.maskedPaths?.includes('/proc/kcore'));
    assert.ok(s.linux?.readonlyPaths?.includes('/proc/sys'));
    assert.deepEqual(s.linux?.resources?.devices?.[0], { allow: false, access: 'rwm' });
    assert.ok(s.linux?.resources?.devices?.some((d) => d.allow && d.type === 'c' && d.major === 1 && d.minor === 3));
    assert.equal(s.linux?.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
  });

  it('drops namespaces for host modes and joins namespaces by path', () => {
    const s = buildSpec(
      input({ namespaces: { network: { type: 'path', path: '/run/netns/x' }, pid: { type: 'host' }, ipc: { type: 'host' }, uts: { type: 'host' } } }),
    );
    assert.deepEqual(s.linux?.namespaces, [{ type: 'network', path: '/run/netns/x' }, { type: 'mount' }]);
    assert.equal(s.hostname, undefined);
    assert.deepEqual(s.mounts?.find((m) => m.destination === '/dev/shm'), { destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'rprivate'] });
    const host = buildSpec(input({ namespaces: { network: { type: 'host' } } }));
    assert.ok(!host.linux?.namespaces?.some((n) => n.type === 'network'));
  });

  it('applies cap-add and cap-drop, including ALL, never beyond the host', () => {
    const caps = (over: Partial<SpecInput>): string[] => buildSpec(input(over)).process?.capabilities?.bounding ?? [];
    assert.ok(caps({ capAdd: ['net_admin'] }).includes('CAP_NET_ADMIN'));
    assert.ok(!caps({ capDrop: ['CAP_CHOWN'] }).includes('CAP_CHOWN'));
    assert.deepEqual(caps({ capDrop: ['ALL'], capAdd: ['KILL'] }), ['CAP_KILL']);
    assert.deepEqual(caps({ capAdd: ['ALL'] }), HOST.boundingCaps);
    assert.ok(!caps({ capAdd: ['SYS_RESOURCE'] }).includes('CAP_SYS_RESOURCE'));
    assert.throws(() => caps({ capAdd: ['FOO'] }), (e: unknown) => isInvalidArgument(e) && /unknown capability: "CAP_FOO"/.test((e as Error).message));
  });

  it('gives a non-root user only the bounding set', () => {
    const s = buildSpec(input({ user: { uid: 1000, gid: 1000, additionalGids: [10] } }));
    assert.deepEqual(s.process?.user, { uid: 1000, gid: 1000, additionalGids: [10] });
    assert.deepEqual(s.process?.capabilities, { bounding: [...DEFAULT_CAPABILITIES] });
  });

  it('makes privileged containers unconfined with every host capability', () => {
    const s = buildSpec(input({ privileged: true, devices: [{ path: '/dev/sda', type: 'b', major: 8, minor: 0 }] }));
    assert.deepEqual(s.process?.capabilities?.bounding, HOST.boundingCaps);
    assert.equal(s.linux?.seccomp, undefined);
    assert.equal(s.linux?.maskedPaths, undefined);
    assert.equal(s.linux?.readonlyPaths, undefined);
    assert.deepEqual(s.linux?.resources?.devices, [{ allow: true, access: 'rwm' }]);
    assert.deepEqual(s.linux?.devices?.map((d) => d.path), ['/dev/sda']);
    assert.ok(!s.mounts?.find((m) => m.destination === '/sys')?.options?.includes('ro'));
  });

  it('shapes the seccomp profile by capabilities', () => {
    const plain = buildSpec(input());
    assert.ok(!syscallAllowed(plain, 'unshare'));
    assert.ok(!syscallAllowed(plain, 'keyctl'));
    assert.ok(!syscallAllowed(plain, 'mount'));
    // Docker 25 and later: io_uring is refused even with every capability.
    for (const name of ['io_uring_setup', 'io_uring_enter', 'io_uring_register']) assert.ok(!syscallAllowed(buildSpec(input({ capAdd: ['ALL'] })), name), name);
    for (const name of ['fchmodat2', 'futex_wait', 'futex_wake', 'futex_requeue']) assert.ok(syscallAllowed(plain, name), name);
    assert.ok(syscallAllowed(plain, 'chroot'));
    assert.ok(syscallAllowed(plain, 'arch_prctl') || process.arch !== 'x64');
    const clone = plain.linux?.seccomp?.syscalls?.find((r) => r.names.includes('clone') && r.args);
    assert.deepEqual(clone?.args, [{ index: 0, value: 0x7e020000, op: 'SCMP_CMP_MASKED_EQ' }]);
    assert.ok(plain.linux?.seccomp?.syscalls?.some((r) => r.names.includes('clone3') && r.action === 'SCMP_ACT_ERRNO' && r.errnoRet === 38));
    const admin = buildSpec(input({ capAdd: ['SYS_ADMIN'] }));
    assert.ok(syscallAllowed(admin, 'unshare'));
    assert.ok(!admin.linux?.seccomp?.syscalls?.some((r) => r.names.includes('clone3') && r.action === 'SCMP_ACT_ERRNO'));
    assert.equal(buildSpec(input({ seccomp: 'unconfined' })).linux?.seccomp, undefined);
  });

  it('mounts etc files, init, user mounts over defaults, sorted by depth', () => {
    const s = buildSpec(
      input({
        readonlyRootfs: true,
        initPath: '/usr/bin/tini-static',
        etcFiles: { hosts: '/c/hosts', resolvConf: '/c/resolv.conf', hostname: '/c/hostname' },
        mounts: [
          { destination: '/data/sub', type: 'bind', source: '/h/sub' },
          { destination: '/data', type: 'bind', source: '/h/data', readonly: true },
          { destination: '/dev/shm', type: 'tmpfs', options: ['size=1m'] },
        ],
      }),
    );
    assert.deepEqual(s.process?.args, ['/sbin/docker-init', '--', 'sh', '-c', 'true']);
    assert.equal(s.root?.readonly, true);
    const dests = destinations(s);
    assert.equal(dests.filter((d) => d === '/dev/shm').length, 1);
    assert.ok(dests.indexOf('/data') < dests.indexOf('/data/sub'));
    assert.deepEqual(s.mounts?.find((m) => m.destination === '/data')?.options, ['rbind', 'rprivate', 'ro']);
    assert.deepEqual(s.mounts?.find((m) => m.destination === '/dev/shm')?.options, ['nosuid', 'nodev', 'noexec', 'size=1m']);
    assert.deepEqual(s.mounts?.find((m) => m.destination === '/etc/hosts'), { destination: '/etc/hosts', type: 'bind', source: '/c/hosts', options: ['rbind', 'rprivate', 'ro'] });
    assert.deepEqual(s.mounts?.find((m) => m.destination === '/sbin/docker-init'), { destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['bind', 'ro'] });
    const dev = buildSpec(input({ mounts: [{ destination: '/dev', type: 'bind', source: '/dev' }] }));
    assert.ok(!destinations(dev).some((d) => d.startsWith('/dev/')));
  });

  it('maps resources', () => {
    const s = buildSpec(input({ resources: { memory: 64 << 20, memorySwap: 128 << 20, cpuShares: 512, nanoCpus: 1.5e9, pidsLimit: 50, blkioWeight: 300, cpusetCpus: '0' } }));
    assert.deepEqual(s.linux?.resources?.memory, { limit: 64 << 20, swap: 128 << 20 });
    assert.deepEqual(s.linux?.resources?.cpu, { shares: 512, period: 100000, quota: 150000, cpus: '0' });
    assert.deepEqual(s.linux?.resources?.pids, { limit: 50 });
    assert.deepEqual(s.linux?.resources?.blockIO, { weight: 300 });
    assert.deepEqual(toLinuxResources({ memory: 1 << 30, memorySwap: -1, pidsLimit: 0 }, false), { memory: { limit: 1 << 30 }, pids: { limit: -1 } });
    assert.deepEqual(toLinuxResources({ cpuQuota: 50000, cpuPeriod: 100000 }, true), { cpu: { period: 100000, quota: 50000 } });
  });

  it('sets rlimits only when asked and never above the host', () => {
    const s = buildSpec(input({ ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }] }));
    assert.deepEqual(s.process?.rlimits, [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 2048 }]);
    assert.throws(() => buildSpec(input({ ulimits: [{ name: 'nofile', soft: 1024, hard: 30000 }] })), (e: unknown) => isInvalidArgument(e) && /exceeds the daemon's hard limit 20000/.test((e as Error).message));
    assert.throws(() => buildSpec(input({ ulimits: [{ name: 'bogus', soft: 1, hard: 1 }] })), /invalid ulimit type: bogus/);
    assert.throws(() => buildSpec(input({ ulimits: [{ name: 'nofile', soft: 10, hard: 5 }] })), /soft limit must be less than or equal to hard limit: 10 > 5/);
    const unlimited = buildSpec(input({ ulimits: [{ name: 'core', soft: -1, hard: -1 }] }));
    assert.match(serializeSpec(unlimited), /"hard":18446744073709551615,"soft":18446744073709551615/);
  });

  it('validates sysctls, oom score and device cgroup rules', () => {
    assert.deepEqual(buildSpec(input({ sysctls: { 'net.ipv4.ip_forward': '1' } })).linux?.sysctl, { 'net.ipv4.ip_forward': '1' });
    assert.throws(() => buildSpec(input({ sysctls: { 'vm.swappiness': '1' } })), /sysctl 'vm.swappiness' is not whitelisted/);
    assert.throws(() => buildSpec(input({ namespaces: { network: { type: 'host' } }, sysctls: { 'net.ipv4.ip_forward': '1' } })), /host network namespace/);
    assert.throws(() => buildSpec(input({ oomScoreAdj: 1001 })), /range for oom score adj is \[-1000, 1000\]/);
    assert.equal(buildSpec(input({ oomScoreAdj: 500 })).process?.oomScoreAdj, 500);
    const rules = buildSpec(input({ deviceCgroupRules: ['c 42:* rmw'] })).linux?.resources?.devices;
    assert.deepEqual(rules?.at(-1), { allow: true, type: 'c', major: 42, minor: null, access: 'rmw' });
    assert.throws(() => buildSpec(input({ deviceCgroupRules: ['x 1:1 r'] })), /invalid device cgroup format 'x 1:1 r'/);
  });

  it('sets tty options, no-new-privileges and an empty command error', () => {
    const s = buildSpec(input({ tty: true, consoleSize: { height: 40, width: 120 }, noNewPrivileges: true }));
    assert.equal(s.process?.terminal, true);
    assert.deepEqual(s.process?.consoleSize, { height: 40, width: 120 });
    assert.equal(s.process?.noNewPrivileges, true);
    assert.throws(() => buildSpec(input({ args: [] })), (e: unknown) => isInvalidArgument(e));
  });

  it('builds exec processes from the container process', () => {
    const base = buildSpec(input({ env: ['PATH=/bin', 'A=1'], ulimits: [{ name: 'nofile', soft: 10, hard: 10 }], tty: true, consoleSize: { height: 1, width: 1 } })).process!;
    const p = buildExecProcess(base, { args: ['ls'], env: ['A=2', 'B=3'], tty: false, hostCaps: HOST.boundingCaps });
    assert.deepEqual(p.args, ['ls']);
    assert.deepEqual(p.env, ['PATH=/bin', 'A=2', 'B=3']);
    assert.equal(p.cwd, '/work');
    assert.equal(p.terminal, false);
    assert.equal(p.consoleSize, undefined);
    assert.deepEqual(p.rlimits, base.rlimits);
    assert.deepEqual(p.capabilities?.effective, [...DEFAULT_CAPABILITIES]);
    const asUser = buildExecProcess(base, { args: ['id'], user: { uid: 1000, gid: 1000, additionalGids: [] }, tty: true, hostCaps: HOST.boundingCaps });
    assert.deepEqual(asUser.capabilities, { bounding: [...DEFAULT_CAPABILITIES] });
    assert.deepEqual(asUser.user, { uid: 1000, gid: 1000 });
    assert.deepEqual(buildExecProcess(base, { args: ['sh'], privileged: true, tty: false, hostCaps: HOST.boundingCaps }).capabilities?.bounding, HOST.boundingCaps);
    assert.throws(() => buildExecProcess(base, { args: [], tty: false, hostCaps: [] }), /No exec command specified/);
  });
});
