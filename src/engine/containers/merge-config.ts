/**
 * A create request's Config completed from the image's config, with Docker's
 * rules (daemon/commit.go `merge`): user values win; Env and ExposedPorts,
 * Labels and Volumes are unions; an Entrypoint in the request drops the image's
 * Cmd; `Entrypoint: [""]` clears it.
 */
import { invalidArgument } from '../../errdefs/index.js';
import type { ContainerConfig } from '../../apitypes/containers.js';
import type { ImageRuntimeConfig } from '../../oci/image.js';

/** Docker's strslice: a JSON string or an array of strings; null/absent → undefined. */
export function strSlice(v: string[] | string | null | undefined): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? [v] : v;
}

const envKey = (e: string): string => e.split('=')[0] as string;

export function mergeConfig(user: ContainerConfig, image: ImageRuntimeConfig | undefined): ContainerConfig {
  const out: ContainerConfig = { ...user };
  const img = image ?? {};
  let cmd = strSlice(user.Cmd);
  let entrypoint = strSlice(user.Entrypoint);

  if (!out.User) out.User = img.User ?? '';
  if (!user.ExposedPorts || Object.keys(user.ExposedPorts).length === 0) out.ExposedPorts = img.ExposedPorts;
  else out.ExposedPorts = { ...img.ExposedPorts, ...user.ExposedPorts };

  const userEnv = user.Env ?? [];
  if (userEnv.length === 0) out.Env = img.Env ? [...img.Env] : [];
  else {
    const keys = new Set(userEnv.map(envKey));
    out.Env = [...userEnv, ...(img.Env ?? []).filter((e) => !keys.has(envKey(e)))];
  }

  out.Labels = { ...img.Labels, ...user.Labels };

  if (!entrypoint || entrypoint.length === 0) {
    if (!cmd || cmd.length === 0) cmd = img.Cmd ?? undefined;
    // An explicit empty list keeps the image's entrypoint away; only absence inherits it.
    if (entrypoint === undefined) entrypoint = img.Entrypoint ?? undefined;
  }
  if (img.Healthcheck) {
    const u = user.Healthcheck;
    if (!u) out.Healthcheck = img.Healthcheck;
    else {
      out.Healthcheck = {
        ...u,
        Test: u.Test?.length ? u.Test : img.Healthcheck.Test,
        Interval: u.Interval || img.Healthcheck.Interval,
        Timeout: u.Timeout || img.Healthcheck.Timeout,
        StartPeriod: u.StartPeriod || img.Healthcheck.StartPeriod,
        StartInterval: u.StartInterval || img.Healthcheck.StartInterval,
        Retries: u.Retries || img.Healthcheck.Retries,
      };
    }
  }
  if (!out.WorkingDir) out.WorkingDir = img.WorkingDir ?? '';
  if (!user.Volumes || Object.keys(user.Volumes).length === 0) out.Volumes = img.Volumes;
  else out.Volumes = { ...user.Volumes, ...img.Volumes };
  if (!out.StopSignal && img.StopSignal) out.StopSignal = img.StopSignal;
  if (img.OnBuild && !user.OnBuild) out.OnBuild = img.OnBuild;

  if (entrypoint?.length === 1 && entrypoint[0] === '') entrypoint = undefined;
  if ((!entrypoint || entrypoint.length === 0) && (!cmd || cmd.length === 0)) throw invalidArgument('no command specified');
  out.Cmd = cmd ?? null;
  out.Entrypoint = entrypoint ?? null;
  return out;
}

/** Path and Args of the container's process (before any --init). */
export function entrypointAndArgs(config: ContainerConfig): { path: string; args: string[] } {
  const entrypoint = strSlice(config.Entrypoint) ?? [];
  const cmd = strSlice(config.Cmd) ?? [];
  const argv = [...entrypoint, ...cmd];
  return { path: argv[0] ?? '', args: argv.slice(1) };
}
