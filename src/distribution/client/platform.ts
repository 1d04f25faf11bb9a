/**
 * Platforms as `--platform` and image indexes spell them, normalised the way
 * containerd's platforms package does (`x86_64` is amd64, `aarch64` is arm64,
 * arm64's v8 is the default, 32-bit arm defaults to v7), and the choice of an
 * index entry: the exact variant first, then older arm variants it can run.
 */
import { invalidArgument, notFound } from '../../errdefs/index.js';
import type { Descriptor, Platform } from '../../oci/image.js';

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  i386: { architecture: '386' },
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
};

const ARM_VARIANTS = ['v8', 'v7', 'v6', 'v5'];

export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const arch = p.architecture.toLowerCase();
  const alias = ARCH_ALIASES[arch];
  const architecture = alias?.architecture ?? arch;
  let variant = (p.variant ?? alias?.variant ?? '').toLowerCase();
  if (/^\d+$/.test(variant)) variant = `v${variant}`;
  if ((architecture === 'arm64' && variant === 'v8') || (architecture === 'amd64' && variant === 'v1')) variant = '';
  if (architecture === 'arm' && variant === '') variant = 'v7';
  const out: Platform = { os, architecture };
  if (variant !== '') out.variant = variant;
  return out;
}

/** `linux`, `linux/arm64`, `linux/arm/v7`; the architecture defaults to `host`'s. */
export function parsePlatform(s: string, host: Platform): Platform {
  const parts = s.trim().split('/');
  if (parts.length > 3 || parts.some((x) => !/^[A-Za-z0-9_.-]+$/.test(x))) throw invalidArgument(`"${s}": unknown operating system or architecture: invalid argument`);
  const [os, architecture, variant] = parts as [string, string | undefined, string | undefined];
  const p: Platform = { os, architecture: architecture ?? host.architecture };
  if (variant) p.variant = variant;
  else if (!architecture && host.variant) p.variant = host.variant;
  return normalizePlatform(p);
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Variants `want` can run, best first. */
function acceptable(want: Platform): Array<string | undefined> {
  if (want.architecture === 'arm' && want.variant) return ARM_VARIANTS.slice(ARM_VARIANTS.indexOf(want.variant));
  return [want.variant];
}

/** The index entry for `want`, or not-found with Docker's message. */
export function chooseManifest(manifests: Descriptor[], want: Platform): Descriptor {
  const target = normalizePlatform(want);
  const candidates = manifests
    .filter((m): m is Descriptor & { platform: Platform } => m.platform !== undefined)
    .map((m) => ({ m, p: normalizePlatform(m.platform) }))
    .filter(({ p }) => p.os === target.os && p.architecture === target.architecture);
  for (const variant of acceptable(target)) {
    const hit = candidates.find(({ p }) => p.variant === variant);
    if (hit) return hit.m;
  }
  throw notFound(`no matching manifest for ${formatPlatform(target)} in the manifest list entries`);
}
