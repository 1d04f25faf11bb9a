/**
 * A user's seccomp profile (`--security-opt seccomp=profile.json`: the CLI
 * sends the file's content) in Docker's profile format → the rules
 * seccomp.ts filters for a container, as moby's seccomp.LoadProfile reads it.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { LinuxSeccompArg, SeccompAction } from '../oci/runtime-spec.js';
import type { ProfileRule } from './seccomp-profile.js';

export interface SeccompProfile {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  /** Explicit libseccomp architectures (`architectures`), or per-arch lists (`archMap`). */
  architectures?: string[];
  archMap?: Record<string, string[]>;
  flags?: string[];
  rules: ProfileRule[];
}

interface RawFilter {
  caps?: string[];
  arches?: string[];
  minKernel?: string;
}

interface RawSyscall {
  name?: string;
  names?: string[];
  action?: SeccompAction;
  errnoRet?: number;
  args?: LinuxSeccompArg[] | null;
  includes?: RawFilter;
  excludes?: RawFilter;
}

interface RawProfile {
  defaultAction?: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: Array<{ architecture: string; subArchitectures?: string[] }>;
  flags?: string[];
  syscalls?: RawSyscall[];
}

/** libseccomp's native architecture name → Docker's arch name the filters use. */
const NATIVE: Record<string, string> = { SCMP_ARCH_X86_64: 'amd64', SCMP_ARCH_AARCH64: 'arm64', SCMP_ARCH_S390X: 's390x', SCMP_ARCH_RISCV64: 'riscv64' };

function fail(message: string): never {
  throw invalidArgument(`Decoding seccomp profile failed: ${message}`);
}

function filter(f: RawFilter | undefined): ProfileRule['includes'] {
  if (!f) return undefined;
  const out: NonNullable<ProfileRule['includes']> = {};
  if (f.caps?.length) out.caps = f.caps;
  if (f.arches?.length) out.arches = f.arches;
  if (f.minKernel) out.minKernel = f.minKernel;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function parseSeccompProfile(text: string): SeccompProfile {
  let raw: RawProfile;
  try {
    raw = JSON.parse(text) as RawProfile;
  } catch (err) {
    fail((err as Error).message);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the profile is not a JSON object');
  if (!raw.defaultAction) fail('defaultAction is missing');
  if (raw.architectures?.length && raw.archMap?.length) fail("use either 'architectures' or 'archMap'");
  const rules: ProfileRule[] = (raw.syscalls ?? []).map((s) => {
    if (s.name && s.names?.length) fail("use either 'name' or 'names'");
    const names = s.names?.length ? s.names : s.name ? [s.name] : fail('a syscall rule has no names');
    if (!s.action) fail(`the rule for ${names.join(',')} has no action`);
    const includes = filter(s.includes);
    const excludes = filter(s.excludes);
    return {
      names,
      action: s.action,
      ...(s.errnoRet !== undefined ? { errnoRet: s.errnoRet } : {}),
      ...(s.args?.length ? { args: s.args } : {}),
      ...(includes ? { includes } : {}),
      ...(excludes ? { excludes } : {}),
    };
  });
  const archMap = raw.archMap?.length
    ? Object.fromEntries(raw.archMap.map((a) => [NATIVE[a.architecture] ?? a.architecture, [a.architecture, ...(a.subArchitectures ?? [])]]))
    : undefined;
  return {
    defaultAction: raw.defaultAction,
    ...(raw.defaultErrnoRet !== undefined ? { defaultErrnoRet: raw.defaultErrnoRet } : {}),
    ...(raw.architectures?.length ? { architectures: raw.architectures } : {}),
    ...(archMap ? { archMap } : {}),
    ...(raw.flags?.length ? { flags: raw.flags } : {}),
    rules,
  };
}
