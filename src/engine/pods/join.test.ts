import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ContainerCreateRequest } from '../../apitypes/containers.js';
import type { PodNamespace } from '../../apitypes/pods.js';
import { isInvalidArgument, isNotFound } from '../../errdefs/index.js';
import { joinPod } from './join.js';
import { Pod, PodStore } from './store.js';

const POD = 'b'.repeat(64);
const INFRA = 'c'.repeat(64);

async function withPod(share: PodNamespace[], fn: (ctx: { pods: PodStore }) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-join-'));
  try {
    const pods = new PodStore(root);
    await pods.load();
    await pods.add(new Pod({ Id: POD, Name: 'web', Created: '', Labels: {}, Hostname: 'web', Network: 'bridge', PortBindings: {}, Share: share, ExtraHosts: [], Dns: [], InfraContainerId: INFRA }));
    await fn({ pods });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const asked = (extra: Partial<ContainerCreateRequest> = {}): ContainerCreateRequest => ({
  Image: 'busybox',
  Labels: { 'io.wharf.pod.name': 'web', keep: 'me' },
  HostConfig: { NetworkMode: 'default' },
  NetworkingConfig: { EndpointsConfig: { default: {} } },
  ...extra,
});

test('a create naming a pod joins its infra container through HostConfig modes and carries its labels', () =>
  withPod(['net', 'ipc', 'uts'], async (ctx) => {
    const body = joinPod(ctx, asked());
    const infra = `container:${INFRA}`;
    assert.deepEqual(body.HostConfig, { NetworkMode: infra, IpcMode: infra, UTSMode: infra });
    assert.deepEqual(body.Labels, { keep: 'me', 'io.wharf.pod.name': 'web', 'io.wharf.pod.id': POD });
    assert.equal(body.NetworkingConfig, undefined);
    const untouched = { Image: 'busybox', Labels: { a: 'b' } };
    assert.equal(joinPod(ctx, untouched), untouched, 'a create naming no pod is left alone');
  }));

test('--share pid adds the PID namespace; an unshared namespace stays the member\'s own to set', () =>
  withPod(['net', 'pid'], async (ctx) => {
    const body = joinPod(ctx, asked({ HostConfig: { IpcMode: 'private' } }));
    assert.equal(body.HostConfig?.PidMode, `container:${INFRA}`);
    assert.equal(body.HostConfig?.IpcMode, 'private');
    assert.equal(body.HostConfig?.UTSMode, undefined);
  }));

test('what the pod owns is refused with the flag named; an unknown pod is not found', () =>
  withPod(['net', 'ipc', 'uts'], async (ctx) => {
    const cases: Array<[Partial<ContainerCreateRequest>, string]> = [
      [{ HostConfig: { NetworkMode: 'host' } }, '--network'],
      [{ NetworkingConfig: { EndpointsConfig: { other: {} } } }, '--network'],
      [{ Hostname: 'x' }, '--hostname'],
      [{ HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } }, '--publish'],
      [{ HostConfig: { PublishAllPorts: true } }, '--publish-all'],
      [{ HostConfig: { Dns: ['1.1.1.1'] } }, '--dns'],
      [{ HostConfig: { ExtraHosts: ['a:1.2.3.4'] } }, '--add-host'],
      [{ HostConfig: { IpcMode: 'host' } }, '--ipc'],
    ];
    for (const [extra, flag] of cases) {
      assert.throws(() => joinPod(ctx, asked(extra)), (err: Error) => isInvalidArgument(err) && err.message.startsWith(`conflicting options: ${flag} and --pod`), flag);
    }
    assert.throws(() => joinPod(ctx, asked({ Labels: { 'io.wharf.pod.name': 'nope' } })), (err: Error) => isNotFound(err) && err.message === 'No such pod: nope');
  }));
