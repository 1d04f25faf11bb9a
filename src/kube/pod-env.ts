/**
 * The fieldRefs known once the pod exists: `metadata.uid` (the pod's id, as
 * podman gives it), `status.podIP` and `status.hostIP` (the infra container's
 * address and its network's gateway, the host's address on it: the infra is
 * started for them, before its members are made), and `spec.nodeName` (the
 * daemon's host name), read once per pod.
 */
import type { ApiClient } from '../client/client.js';
import { inspectContainer, startContainer } from '../client/containers.js';
import { inspectPod } from '../client/pods.js';
import { systemInfo } from '../client/system.js';
import type { PodEnvRef } from './env.js';
import type { PodMember } from './pod.js';

type Field = PodEnvRef['field'];

/** The pod's values, asked for only when a member needs one. */
export class PodEnv {
  private readonly values = new Map<Field, Promise<string>>();
  private addresses?: Promise<{ podIP: string; hostIP: string }>;

  /** `start: false` (`--start=false`): the infra is not started, and the addresses are empty. */
  constructor(
    private readonly client: ApiClient,
    private readonly podId: string,
    private readonly o: { start: boolean; nodeName: () => Promise<string> },
  ) {}

  private async network(): Promise<{ podIP: string; hostIP: string }> {
    if (!this.o.start) return { podIP: '', hostIP: '' };
    const { InfraContainerId } = await inspectPod(this.client, this.podId);
    await startContainer(this.client, InfraContainerId);
    const infra = await inspectContainer(this.client, InfraContainerId);
    const first = Object.values(infra.NetworkSettings.Networks ?? {})[0];
    // On the host network the pod has the host's addresses: loopback is one both reach.
    return { podIP: first?.IPAddress || '127.0.0.1', hostIP: first?.Gateway || '127.0.0.1' };
  }

  private value(field: Field): Promise<string> {
    let v = this.values.get(field);
    if (!v) {
      if (field === 'metadata.uid') v = Promise.resolve(this.podId);
      else if (field === 'spec.nodeName') v = this.o.nodeName();
      else {
        this.addresses ??= this.network();
        v = this.addresses.then((a) => (field === 'status.podIP' ? a.podIP : a.hostIP));
      }
      this.values.set(field, v);
    }
    return v;
  }

  /** The member's create body with its pod fields set. */
  async resolve(m: PodMember): Promise<PodMember['body']> {
    if (m.podEnv.length === 0) return m.body;
    const extra = await Promise.all(m.podEnv.map(async (r) => `${r.name}=${await this.value(r.field)}`));
    return { ...m.body, Env: [...(m.body.Env ?? []), ...extra] };
  }
}

/** The daemon's host name, asked once per play. */
export function nodeNameOnce(client: ApiClient): () => Promise<string> {
  let name: Promise<string> | undefined;
  return () => (name ??= systemInfo(client).then((i) => i.Name));
}
