/** The OCI process of an exec: the container's user, environment and working dir, overridden by the exec's. */
import type { Process } from '../../oci/runtime-spec.js';
import { capabilitySets, effectiveCapabilityList, resolveUser } from '../../runtime/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { parseSecurityOpts } from '../containers/security-opts.js';
import { containerEnv, mergeEnv, visibleHostname } from '../containers/spec-input.js';
import { linkedEnv } from '../networks/links.js';
import type { ExecRecord } from './record.js';

export async function execProcess(ctx: EngineContext, c: Container, e: ExecRecord): Promise<Process> {
  const { Config: config, HostConfig: hc } = c.record;
  const user = await resolveUser(ctx.rootfsDir(c.id), e.user || config.User || '', hc.GroupAdd ?? []);
  const caps = effectiveCapabilityList({
    capAdd: hc.CapAdd ?? undefined,
    capDrop: hc.CapDrop ?? undefined,
    privileged: e.privileged || (hc.Privileged ?? false),
    hostCaps: ctx.deps.hostFacts.boundingCaps,
  });
  const { noNewPrivileges } = parseSecurityOpts(hc.SecurityOpt);
  return {
    terminal: e.tty,
    user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}) },
    args: e.cmd,
    // As dockerd's exec: the links' variables as they are now.
    env: mergeEnv(containerEnv(config, visibleHostname(ctx, c), linkedEnv(ctx, c)), e.env),
    cwd: e.workingDir || config.WorkingDir || '/',
    capabilities: capabilitySets(caps, user.uid),
    ...(noNewPrivileges ? { noNewPrivileges: true } : {}),
  };
}
