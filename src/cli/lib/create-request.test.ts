import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAINER_FLAGS, RUN_ONLY_FLAGS } from './container-flags.js';
import { buildCreateRequest, parseRestartPolicy } from './create-request.js';
import { parseFlags } from '../../util/flags.js';

const build = (argv: string[], env: Record<string, string> = {}) => {
  const { flags, args } = parseFlags(argv, [...CONTAINER_FLAGS, ...RUN_ONLY_FLAGS], { interspersed: false });
  const [image = '', ...cmd] = args;
  return buildCreateRequest(flags, { image, args: cmd, env });
};

test('a plain run: attach stdout/stderr, no stdin, image and command', () => {
  const b = build(['busybox', 'echo', 'hi']);
  assert.equal(b.Image, 'busybox');
  assert.deepEqual(b.Cmd, ['echo', 'hi']);
  assert.equal(b.AttachStdin, false);
  assert.equal(b.AttachStdout, true);
  assert.equal(b.AttachStderr, true);
  assert.equal(b.OpenStdin, false);
  assert.equal(b.StdinOnce, false);
  assert.equal(b.Tty, false);
  assert.equal(b.Entrypoint, null);
  assert.equal(b.HostConfig?.NetworkMode, 'default');
  assert.deepEqual(b.HostConfig?.RestartPolicy, { Name: 'no' });
  assert.equal(b.HostConfig?.MemorySwappiness, -1);
  assert.equal(b.StopTimeout, undefined);
  assert.equal(b.HostConfig?.Init, undefined);
  assert.equal(build(['busybox']).Cmd, null);
});

test('-it --rm and friends', () => {
  const b = build(['-it', '--rm', '--name', 'x', '-e', 'A=1', '-e', 'HOME_X', '-l', 'k=v', '-l', 'bare', '-w', '/w', '-u', '1000:1000', '-h', 'box', '--init', '--stop-timeout', '3', '--entrypoint', '', 'busybox', 'sh'], { HOME_X: '/x' });
  assert.equal(b.AttachStdin, true);
  assert.equal(b.OpenStdin, true);
  assert.equal(b.StdinOnce, true);
  assert.equal(b.Tty, true);
  assert.equal(b.HostConfig?.AutoRemove, true);
  assert.deepEqual(b.Env, ['A=1', 'HOME_X=/x']);
  assert.deepEqual(b.Labels, { k: 'v', bare: '' });
  assert.equal(b.WorkingDir, '/w');
  assert.equal(b.User, '1000:1000');
  assert.equal(b.Hostname, 'box');
  assert.equal(b.HostConfig?.Init, true);
  assert.equal(b.StopTimeout, 3);
  assert.deepEqual(b.Entrypoint, ['']);
});

test('resources, security, ports and mounts', () => {
  const b = build([
    '-m', '64m', '--cpus', '1.5', '--pids-limit', '50', '--memory-swap', '-1',
    '--privileged', '--read-only', '--cap-add', 'NET_ADMIN', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--security-opt', 'systempaths=unconfined',
    '-p', '8080:80', '--expose', '9000-9001',
    '-v', '/host:/data:ro', '-v', '/anon', '-v', './rel:/rel', '--mount', 'type=tmpfs,target=/t,tmpfs-size=1m', '--tmpfs', '/run:rw,size=64m',
    '--restart', 'on-failure:3', '--stop-signal', 'SIGINT', '--network', 'host', '--ulimit', 'nofile=1024:2048',
    'busybox',
  ]);
  const h = b.HostConfig!;
  assert.equal(h.Memory, 64 * 1024 * 1024);
  assert.equal(h.MemorySwap, -1);
  assert.equal(h.NanoCpus, 1_500_000_000);
  assert.equal(h.PidsLimit, 50);
  assert.equal(h.Privileged, true);
  assert.equal(h.ReadonlyRootfs, true);
  assert.deepEqual(h.CapAdd, ['NET_ADMIN']);
  assert.deepEqual(h.CapDrop, ['ALL']);
  assert.deepEqual(h.SecurityOpt, ['no-new-privileges']);
  assert.deepEqual(h.MaskedPaths, []);
  assert.deepEqual(h.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  assert.deepEqual(b.ExposedPorts, { '80/tcp': {}, '9000/tcp': {}, '9001/tcp': {} });
  assert.deepEqual(h.Binds, ['/host:/data:ro', `${process.cwd()}/rel:/rel`]);
  assert.deepEqual(b.Volumes, { '/anon': {} });
  assert.deepEqual(h.Mounts, [{ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024 * 1024 } }]);
  assert.deepEqual(h.Tmpfs, { '/run': 'rw,size=64m' });
  assert.deepEqual(h.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(b.StopSignal, 'SIGINT');
  assert.equal(h.NetworkMode, 'host');
  assert.deepEqual(h.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
});

test('-a picks the streams; env files come before -e', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-test-'));
  try {
    const file = join(dir, 'env');
    await writeFile(file, '# comment\n\n  A=from-file\nFROM_HOST\nMISSING\nB=x=y\n');
    const b = build(['-a', 'stderr', '--env-file', file, '-e', 'A=override', 'busybox'], { FROM_HOST: 'h' });
    assert.equal(b.AttachStdout, false);
    assert.equal(b.AttachStderr, true);
    assert.deepEqual(b.Env, ['A=from-file', 'FROM_HOST=h', 'B=x=y', 'A=override']);
    await writeFile(file, 'BAD KEY=1\n');
    assert.throws(() => build(['--env-file', file, 'busybox']), /variable 'BAD KEY' contains whitespaces/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('docker refuses what docker refuses', () => {
  assert.throws(() => build(['--rm', '--restart', 'always', 'busybox']), /conflicting options: cannot specify both --restart and --rm/);
  assert.throws(() => build(['--memory-swappiness', '101', 'busybox']), /Valid memory swappiness range is 0-100/);
  assert.throws(() => build(['--mount', 'type=bind,source=/x', 'busybox']), /target is required/);
  assert.throws(() => build(['--mount', 'type=volume,target=/x,bogus=1', 'busybox']), /unexpected key 'bogus'/);
  assert.throws(() => build(['-a', 'stdall', 'busybox']), /valid streams are STDIN, STDOUT and STDERR/);
  assert.throws(() => parseRestartPolicy(':3'), /no policy provided before colon/);
  assert.throws(() => parseRestartPolicy('on-failure:x'), /maximum retry count must be an integer/);
});
