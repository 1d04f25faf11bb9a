/**
 * Hostile input refused at the door: numbers a Go field cannot hold, ports
 * outside 1–65535, host names where an IP belongs, bridge subnets in loopback or
 * multicast, names the filesystem would refuse, and io_uring under the default
 * seccomp profile. Each gets Docker's status and a message without host paths,
 * and nothing is stored: `ps -a`, `network ls`, `volume ls` and `images` are
 * unchanged and `docker ps` keeps working.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyscallProbe } from '../support/c-probe.js';
import { type Daemon, run } from '../support/daemon.js';
import { http } from '../support/http.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wharf-bad-input-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the daemon holds, as a user lists it. */
async function stored(): Promise<string> {
  const lists = await Promise.all([
    ok(docker, ['ps', '-a', '-q', '--no-trunc']),
    ok(docker, ['network', 'ls', '-q', '--no-trunc']),
    ok(docker, ['volume', 'ls', '-q']),
    ok(docker, ['images', '-q', '--no-trunc']),
  ]);
  return lists.join('\n--\n');
}

/** The refusal's status and message; the message names no host path. */
async function refused(method: string, path: string, body: unknown): Promise<{ status: number; message: string }> {
  const res = await http(d.socket, method, path, typeof body === 'string' ? body : JSON.stringify(body));
  const message = (JSON.parse(res.body) as { message: string }).message;
  assertNoHostPath(message);
  return { status: res.status, message };
}

function assertNoHostPath(text: string): void {
  for (const root of [d.dataRoot, d.execRoot, d.root]) assert.ok(!text.includes(root), `host path in ${text}`);
}

test('numbers outside their Go type on create: 400 with dockerd\'s message, nothing stored', async () => {
  const before = await stored();
  const cases: Array<[string, string]> = [
    ['{"Image":"busybox","HostConfig":{"Memory":1e300}}', 'json: cannot unmarshal number 1e300 into Go struct field HostConfig.HostConfig.Memory of type int64'],
    [
      '{"Image":"busybox","HostConfig":{"Memory":1180591620717411303424}}',
      'json: cannot unmarshal number 1180591620717411303424 into Go struct field HostConfig.HostConfig.Memory of type int64',
    ],
    ['{"Image":"busybox","HostConfig":{"NanoCpus":9223372036854775808}}', 'json: cannot unmarshal number 9223372036854775808 into Go struct field HostConfig.HostConfig.NanoCpus of type int64'],
    ['{"Image":"busybox","HostConfig":{"CpuShares":1.5}}', 'json: cannot unmarshal number 1.5 into Go struct field HostConfig.HostConfig.CpuShares of type int64'],
    ['{"Image":"busybox","HostConfig":{"BlkioWeight":70000}}', 'json: cannot unmarshal number 70000 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16'],
    ['{"Image":"busybox","HostConfig":{"PidsLimit":1e300}}', 'json: cannot unmarshal number 1e300 into Go struct field HostConfig.HostConfig.PidsLimit of type int64'],
    [
      '{"Image":"busybox","HostConfig":{"Ulimits":[{"Name":"nofile","Soft":1e300,"Hard":1}]}}',
      'json: cannot unmarshal number 1e300 into Go struct field Ulimit.HostConfig.Ulimits.Soft of type int64',
    ],
    ['{"Image":"busybox","StopTimeout":1e300}', 'json: cannot unmarshal number 1e300 into Go struct field ContainerConfigWrapper.StopTimeout of type int'],
    ['{"Image":"busybox","Healthcheck":{"Interval":1e300}}', 'json: cannot unmarshal number 1e300 into Go struct field HealthConfig.Healthcheck.Interval of type time.Duration'],
  ];
  for (const [body, message] of cases) {
    assert.deepEqual(await refused('POST', '/containers/create', body), { status: 400, message }, body);
  }
  assert.equal(await stored(), before);
  await ok(docker, ['ps']);
});

test('container update with a number outside int64: 400, the limits unchanged, inspect still works', async () => {
  const id = await ok(docker, ['create', '-m', '64m', 'busybox', 'true']);
  try {
    assert.deepEqual(await refused('POST', `/containers/${id}/update`, '{"Memory":1e300,"MemorySwap":-1}'), {
      status: 400,
      message: 'json: cannot unmarshal number 1e300 into Go struct field UpdateConfig.Memory of type int64',
    });
    assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.Memory}}', id]), String(64 << 20));
  } finally {
    await docker(['rm', '-f', id]);
  }
});

test('ports outside 1-65535, unknown protocols and host names as HostIp are refused at create; docker ps keeps working', async () => {
  const before = await stored();
  const cases: Array<[object, string]> = [
    [{ Image: 'busybox', ExposedPorts: { '99999/tcp': {} } }, 'invalid port specification: "99999/tcp"'],
    [{ Image: 'busybox', ExposedPorts: { '0/tcp': {} } }, 'invalid port specification: "0/tcp"'],
    [{ Image: 'busybox', ExposedPorts: { '80/icmp': {} } }, 'invalid port specification: "80/icmp"'],
    [{ Image: 'busybox', HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '99999' }] } } }, 'invalid port specification: "99999"'],
    [{ Image: 'busybox', HostConfig: { PortBindings: { '80/tcp': [{ HostIp: 'localhost', HostPort: '8080' }] } } }, 'invalid IP address: localhost'],
  ];
  for (const [body, message] of cases) {
    assert.deepEqual(await refused('POST', '/containers/create', body), { status: 400, message }, JSON.stringify(body));
  }
  // The CLI passes a host name through `-p`: the daemon is the one to refuse it.
  const cli = await docker(['run', '-d', '-p', 'example.invalid:8080:80', 'busybox', 'sleep', '60']);
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /invalid IP address: example.invalid/);
  assert.equal(await stored(), before);
  await ok(docker, ['ps']);
});

test('an image config with a port outside 1-65535 is refused where it enters: commit and load', async () => {
  const id = await ok(docker, ['create', 'busybox', 'true']);
  try {
    const before = await stored();
    const commit = await refused('POST', `/commit?container=${id}&repo=badport&tag=v1`, { ExposedPorts: { '99999/tcp': {} } });
    assert.deepEqual(commit, { status: 400, message: 'invalid port specification: "99999/tcp"' });
    const viaChange = await docker(['commit', '--change', 'EXPOSE 99999', id, 'badport:v2']);
    assert.notEqual(viaChange.code, 0);

    // A `docker save` archive whose config was edited to expose 99999/tcp.
    const saved = join(dir, 'saved');
    await run('mkdir', ['-p', saved]);
    await ok(docker, ['save', '-o', join(dir, 'busybox.tar'), 'busybox']);
    await run('tar', ['-xf', join(dir, 'busybox.tar'), '-C', saved]);
    const [entry] = JSON.parse(await readFile(join(saved, 'manifest.json'), 'utf8')) as Array<{ Config: string; RepoTags: string[] }>;
    const config = JSON.parse(await readFile(join(saved, entry!.Config), 'utf8')) as { config: Record<string, unknown> };
    config.config.ExposedPorts = { '99999/tcp': {} };
    await writeFile(join(saved, entry!.Config), JSON.stringify(config));
    entry!.RepoTags = ['badport:loaded'];
    await writeFile(join(saved, 'manifest.json'), JSON.stringify([entry]));
    await rm(join(saved, 'index.json'), { force: true });
    await run('tar', ['-cf', join(dir, 'bad.tar'), '-C', saved, '.']);
    const load = await docker(['load', '-i', join(dir, 'bad.tar')]);
    assert.notEqual(load.code, 0);
    assert.match(load.stderr, /invalid port specification: "99999\/tcp"/);
    assertNoHostPath(load.stderr);
    assert.equal(await stored(), before);
    await ok(docker, ['ps', '-a']);
  } finally {
    await docker(['rm', '-f', id]);
  }
});

test('bridge subnets in loopback, multicast, link-local or 240/4 are refused; nothing is created', async () => {
  const before = await stored();
  for (const subnet of ['127.0.0.0/24', '224.0.0.0/24', '169.254.10.0/24', '240.0.0.0/24']) {
    const name = `bad-${subnet.split('.')[0]}`;
    const r = await docker(['network', 'create', '--subnet', subnet, name]);
    if (r.code === 0) await docker(['network', 'rm', name]);
    assert.notEqual(r.code, 0, `${subnet} was accepted`);
    assert.match(r.stderr, new RegExp(`invalid subnet ${subnet.replace(/\./g, '\\.')}: it overlaps`));
  }
  assert.equal(await stored(), before);
});

test('a volume name longer than a path component is a 400 without the data root in it', async () => {
  const before = await stored();
  const name = 'v'.repeat(300);
  const r = await docker(['volume', 'create', name]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /volume name is too long/);
  assertNoHostPath(r.stderr);
  const api = await refused('POST', '/volumes/create', { Name: name });
  assert.equal(api.status, 400);
  assert.equal(await stored(), before);
});

test('default seccomp refuses io_uring_setup (Docker 25+); unconfined allows it', async (t) => {
  const probe = await buildSyscallProbe(dir, 'io_uring', 'syscall(SYS_io_uring_setup, 1, (char[256]){0})');
  if (!probe) {
    t.skip('no static C toolchain to build the io_uring probe');
    return;
  }
  const unconfined = await docker(['run', '--rm', '--security-opt', 'seccomp=unconfined', '-v', `${probe}:/probe:ro`, 'busybox', '/probe']);
  if (unconfined.stdout.trim() !== 'ok') {
    t.skip(`the host kernel refuses io_uring itself: ${unconfined.stdout.trim()}`);
    return;
  }
  const denied = await docker(['run', '--rm', '-v', `${probe}:/probe:ro`, 'busybox', '/probe']);
  assert.equal(denied.stdout.trim(), 'errno 1');
});
