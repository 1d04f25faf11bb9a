/**
 * Turn the default profile into the OCI seccomp section for one container:
 * rules are kept or dropped by the container's capabilities, the host's
 * architecture and kernel version, exactly as moby's seccomp.setupSeccomp.
 */
import type { LinuxSeccomp } from '../oci/runtime-spec.js';
import type { SeccompProfile } from './seccomp-custom.js';
import { ARCH_MAP, DEFAULT_PROFILE, type ProfileRule } from './seccomp-profile.js';

/** Node's process.arch → Docker's GOARCH names used by the profile. */
export function dockerArch(nodeArch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64', arm: 'arm', s390x: 's390x', riscv64: 'riscv64', ppc64: 'ppc64le' };
  return map[nodeArch] ?? nodeArch;
}

/** "6.1.0-18-amd64" ≥ "4.8"? Compares major.minor only, as moby does. */
export function kernelAtLeast(release: string, min: string): boolean {
  const [maj = 0, min_ = 0] = release.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const [wantMaj = 0, wantMin = 0] = min.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return maj > wantMaj || (maj === wantMaj && min_ >= wantMin);
}

function applies(rule: ProfileRule, caps: ReadonlySet<string>, arch: string, kernel: string): boolean {
  const inc = rule.includes;
  if (inc?.caps && !inc.caps.every((c) => caps.has(c))) return false;
  if (inc?.arches && !inc.arches.includes(arch)) return false;
  if (inc?.minKernel && !kernelAtLeast(kernel, inc.minKernel)) return false;
  const exc = rule.excludes;
  if (exc?.caps?.some((c) => caps.has(c))) return false;
  if (exc?.arches?.includes(arch)) return false;
  return true;
}

/** A profile's rules kept for this container's capabilities, architecture and kernel. */
export function seccompFor(profile: SeccompProfile, opts: { capabilities: readonly string[]; arch?: string; kernelRelease: string }): LinuxSeccomp {
  const arch = opts.arch ?? dockerArch();
  const caps = new Set(opts.capabilities);
  const architectures = profile.architectures ?? (profile.archMap ?? ARCH_MAP)[arch] ?? [];
  return {
    defaultAction: profile.defaultAction,
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    architectures: [...architectures],
    ...(profile.flags ? { flags: [...profile.flags] } : {}),
    syscalls: profile.rules
      .filter((r) => applies(r, caps, arch, opts.kernelRelease))
      .map((r) => ({
        names: [...r.names],
        action: r.action,
        ...(r.errnoRet !== undefined ? { errnoRet: r.errnoRet } : {}),
        ...(r.args ? { args: r.args.map((a) => ({ ...a })) } : {}),
      })),
  };
}

export function defaultSeccomp(opts: { capabilities: readonly string[]; arch?: string; kernelRelease: string }): LinuxSeccomp {
  return seccompFor(DEFAULT_PROFILE, opts);
}
