/** A container's Docker user and HostConfig privileges as the `securityContext` kube play reads back. */
import type { ContainerInspect } from '../apitypes/containers.js';

type Obj = Record<string, unknown>;

/** Kubernetes capability names have no `CAP_` prefix. */
const capName = (c: string): string => c.toUpperCase().replace(/^CAP_/, '');

/** The context, or undefined when nothing is set; a user by name (not expressible) goes to `warnings`. */
export function securityContext(c: ContainerInspect, warnings: string[]): Obj | undefined {
  const out: Obj = {};
  const user = c.Config.User ?? '';
  if (user !== '') {
    const m = /^(\d+)(?::(\d+))?$/.exec(user);
    if (m) {
      out.runAsUser = Number(m[1]);
      if (m[2] !== undefined) out.runAsGroup = Number(m[2]);
    } else warnings.push(`user "${user}" of ${c.Name.replace(/^\//, '')} is not numeric: Kubernetes' runAsUser needs a uid, left out`);
  }
  const h = c.HostConfig;
  if (h.Privileged) out.privileged = true;
  if (h.ReadonlyRootfs) out.readOnlyRootFilesystem = true;
  if ((h.SecurityOpt ?? []).some((o) => /^no-new-privileges(:true|=true)?$/.test(o))) out.allowPrivilegeEscalation = false;
  const add = (h.CapAdd ?? []).map(capName);
  const drop = (h.CapDrop ?? []).map(capName);
  if (add.length > 0 || drop.length > 0) out.capabilities = { ...(add.length > 0 ? { add } : {}), ...(drop.length > 0 ? { drop } : {}) };
  return Object.keys(out).length > 0 ? out : undefined;
}
