/**
 * HostConfig.SecurityOpt, read as moby's parseSecurityOpt reads it:
 * `no-new-privileges[=bool]`, `seccomp=unconfined|builtin|<profile JSON>`,
 * `label=…` and `apparmor=…` (accepted, nothing to apply on this host);
 * anything else is refused at create.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { parseSeccompProfile, type SeccompProfile } from '../../runtime/index.js';

export interface SecurityOpts {
  noNewPrivileges: boolean;
  seccomp: 'default' | 'unconfined' | SeccompProfile;
}

function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

export function parseSecurityOpts(opts: readonly string[] | null | undefined): SecurityOpts {
  const out: SecurityOpts = { noNewPrivileges: false, seccomp: 'default' };
  for (const opt of opts ?? []) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === 'disable') continue;
    // `=` is the separator; the legacy `:` only when there is no `=` (a profile's JSON is full of colons).
    const sep = opt.includes('=') ? '=' : ':';
    const at = opt.indexOf(sep);
    if (at < 0) throw invalidArgument(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const key = opt.slice(0, at);
    const value = opt.slice(at + 1);
    switch (key) {
      case 'label':
      case 'apparmor':
        break;
      case 'seccomp':
        out.seccomp = value === 'unconfined' ? 'unconfined' : value === 'builtin' || value === '' ? 'default' : parseSeccompProfile(value);
        break;
      case 'no-new-privileges': {
        const b = parseBool(value);
        if (b === undefined) throw invalidArgument(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
        out.noNewPrivileges = b;
        break;
      }
      default:
        throw invalidArgument(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}
