/** A container's `securityContext` (over its pod's runAsUser/runAsGroup) as Docker's user and HostConfig. */
import type { HostConfig } from '../apitypes/containers.js';
import type { Fields } from './fields.js';

export interface PodIdentity {
  runAsUser?: number;
  runAsGroup?: number;
}

/** The pod-level `securityContext` fields a container inherits. */
export function podIdentity(spec: Fields): PodIdentity {
  const sc = spec.object('securityContext');
  if (!sc) return {};
  const out = { runAsUser: sc.int('runAsUser'), runAsGroup: sc.int('runAsGroup') };
  sc.done();
  return out;
}

export type SecurityHostConfig = Pick<HostConfig, 'Privileged' | 'ReadonlyRootfs' | 'CapAdd' | 'CapDrop' | 'SecurityOpt'>;

export function containerSecurity(c: Fields, pod: PodIdentity): { user?: string; host: SecurityHostConfig } {
  const sc = c.object('securityContext');
  const uid = sc?.int('runAsUser') ?? pod.runAsUser;
  const gid = sc?.int('runAsGroup') ?? pod.runAsGroup;
  // A group alone applies to the image's user, as Kubernetes does; Docker needs a user to name it, root by default.
  const user = uid === undefined && gid === undefined ? undefined : `${uid ?? 0}${gid === undefined ? '' : `:${gid}`}`;
  const host: SecurityHostConfig = {};
  if (sc) {
    if (sc.bool('privileged')) host.Privileged = true;
    if (sc.bool('readOnlyRootFilesystem')) host.ReadonlyRootfs = true;
    if (sc.bool('allowPrivilegeEscalation') === false) host.SecurityOpt = ['no-new-privileges'];
    const caps = sc.object('capabilities');
    if (caps) {
      host.CapAdd = caps.strings('add') ?? [];
      host.CapDrop = caps.strings('drop') ?? [];
      caps.done();
    }
    sc.done();
  }
  return { ...(user ? { user } : {}), host };
}
