import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CAPABILITIES } from './capabilities.js';
import { cgroupLayout } from './host-facts.js';
import { buildSpec } from './spec.js';
import type { HostFacts, SpecInput } from './types.js';

const V1: HostFacts = { boundingCaps: [...DEFAULT_CAPABILITIES], hardRlimits: {}, kernelRelease: '6.1.0', swapLimit: true, systemdCgroupMount: '/sys/fs/cgroup/systemd' };
const V2: HostFacts = { ...V1, cgroup2: true, systemdCgroupMount: undefined };

function input(host: HostFacts, over: Partial<SpecInput> = {}): SpecInput {
  return {
    id: 'c0ffee',
    rootfs: '/r',
    args: ['/sbin/init'],
    env: ['PATH=/bin'],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [] },
    hostname: 'box',
    tty: true,
    namespaces: { network: { type: 'private' } },
    systemd: { uuid: '0123456789abcdef0123456789abcdef' },
    host,
    ...over,
  };
}

const mount = (s: ReturnType<typeof buildSpec>, dest: string) => s.mounts?.find((m) => m.destination === dest);

describe('a system container spec', () => {
  it('on cgroup v1: own cgroup namespace, controllers read-only, its name=systemd cgroup bound read-write', () => {
    const s = buildSpec(input(V1));
    assert.ok(s.linux?.namespaces?.some((n) => n.type === 'cgroup'));
    assert.ok(mount(s, '/sys/fs/cgroup')?.options?.includes('ro'));
    const named = mount(s, '/sys/fs/cgroup/systemd');
    assert.equal(named?.source, '/sys/fs/cgroup/systemd/wharf/c0ffee');
    assert.ok(!named?.options?.includes('ro'));
    const order = (s.mounts ?? []).map((m) => m.destination);
    assert.ok(order.indexOf('/sys/fs/cgroup') < order.indexOf('/sys/fs/cgroup/systemd'));
  });

  it('on cgroup v2: the namespaced tree read-write, no v1 bind', () => {
    const s = buildSpec(input(V2));
    assert.ok(!mount(s, '/sys/fs/cgroup')?.options?.includes('ro'));
    assert.equal(mount(s, '/sys/fs/cgroup/systemd'), undefined);
    assert.ok(s.linux?.namespaces?.some((n) => n.type === 'cgroup'));
  });

  it("keeps Docker's capabilities and seccomp profile", () => {
    const s = buildSpec(input(V1));
    assert.deepEqual(s.process?.capabilities?.bounding, [...DEFAULT_CAPABILITIES]);
    assert.equal(s.linux?.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
  });

  it('mounts tmpfs on /run, /run/lock, /tmp and /var/log/journal unless the user mounts there', () => {
    const s = buildSpec(input(V1, { mounts: [{ destination: '/tmp', type: 'bind', source: '/host/tmp' }] }));
    for (const d of ['/run', '/run/lock', '/var/log/journal']) assert.equal(mount(s, d)?.type, 'tmpfs', d);
    assert.equal(mount(s, '/tmp')?.type, 'bind');
    assert.equal(s.mounts?.filter((m) => m.destination === '/tmp').length, 1);
    const order = (s.mounts ?? []).map((m) => m.destination);
    assert.ok(order.indexOf('/run') < order.indexOf('/run/lock'));
  });

  it("tells PID 1 it runs in a container, the user's values winning", () => {
    assert.deepEqual(buildSpec(input(V1)).process?.env, ['PATH=/bin', 'container=wharf', 'container_uuid=0123456789abcdef0123456789abcdef']);
    assert.deepEqual(buildSpec(input(V1, { env: ['container=mine'] })).process?.env, ['container=mine', 'container_uuid=0123456789abcdef0123456789abcdef']);
  });

  it('changes nothing without systemd', () => {
    const s = buildSpec(input(V1, { systemd: undefined }));
    assert.equal(mount(s, '/run'), undefined);
    assert.equal(mount(s, '/sys/fs/cgroup/systemd'), undefined);
    assert.ok(!s.linux?.namespaces?.some((n) => n.type === 'cgroup'));
  });
});

describe('cgroupLayout', () => {
  it('finds a hybrid host’s named systemd hierarchy', () => {
    const info = [
      '35 24 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755',
      '36 35 0:31 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate',
      '37 35 0:32 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd',
      '40 35 0:35 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory',
    ].join('\n');
    assert.deepEqual(cgroupLayout(info), { cgroup2: false, systemdMount: '/sys/fs/cgroup/systemd' });
  });

  it('sees a unified host', () => {
    assert.deepEqual(cgroupLayout('35 24 0:30 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n'), { cgroup2: true });
  });
});
