/**
 * The CNI protocol (SPEC v1.0.0), runtime side: each plugin of a network
 * configuration list is executed with CNI_COMMAND/CNI_CONTAINERID/CNI_NETNS/
 * CNI_IFNAME/CNI_PATH in its environment and its config on stdin; ADD runs the
 * list in order passing each result on as `prevResult`, DEL runs it in reverse
 * with the ADD result. Capability arguments (`runtimeConfig`) reach only the
 * plugins that declare them.
 */
import { join } from 'node:path';
import { WharfError } from '../errdefs/index.js';
import { runTool } from './exec.js';

export const CNI_VERSION = '1.0.0';

export interface CniPlugin {
  type: string;
  capabilities?: Record<string, boolean>;
  [key: string]: unknown;
}

export interface CniConfList {
  name: string;
  plugins: CniPlugin[];
}

export interface CniRuntime {
  containerId: string;
  /** Empty on DEL when the namespace is already gone (the spec allows it). */
  netns: string;
  ifName: string;
  /** Capability arguments: `ips`, `mac`, `portMappings`. */
  runtimeConfig: Record<string, unknown>;
}

export interface CniResult {
  interfaces?: Array<{ name: string; mac?: string; sandbox?: string }>;
  ips?: Array<{ interface?: number; address: string; gateway?: string }>;
  routes?: Array<{ dst: string; gw?: string }>;
}

/** A plugin's error result (`code`, `msg`), kept apart so callers can map IPAM failures to Docker's texts. */
export class CniError extends WharfError {
  constructor(
    readonly plugin: string,
    readonly code: number,
    readonly detail: string,
    command: string,
  ) {
    super('internal', `plugin type="${plugin}" failed (${command}): ${detail}`);
    this.name = 'CniError';
  }
}

function pluginStdin(list: CniConfList, plugin: CniPlugin, rt: CniRuntime, prevResult: unknown): string {
  const runtimeConfig = Object.fromEntries(Object.entries(rt.runtimeConfig).filter(([k]) => plugin.capabilities?.[k]));
  return JSON.stringify({
    ...plugin,
    cniVersion: CNI_VERSION,
    name: list.name,
    ...(Object.keys(runtimeConfig).length > 0 ? { runtimeConfig } : {}),
    ...(prevResult !== undefined ? { prevResult } : {}),
  });
}

async function execPlugin(cniPath: string, command: 'ADD' | 'DEL', stdin: string, plugin: CniPlugin, rt: CniRuntime): Promise<unknown> {
  const r = await runTool(join(cniPath, plugin.type), [], {
    input: stdin,
    env: { CNI_COMMAND: command, CNI_CONTAINERID: rt.containerId, CNI_NETNS: rt.netns, CNI_IFNAME: rt.ifName, CNI_PATH: cniPath },
  });
  if (r.code !== 0) {
    let err: { code?: number; msg?: string; details?: string } = {};
    try {
      err = JSON.parse(r.stdout) as typeof err;
    } catch {
      err = { msg: (r.stderr || r.stdout).trim() };
    }
    const detail = [err.msg, err.details].filter((s) => s).join(': ') || `exit status ${r.code}`;
    throw new CniError(plugin.type, err.code ?? 0, detail, command.toLowerCase());
  }
  return r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
}

/** DEL the list in reverse; every plugin runs even if one fails, and the first failure is thrown. */
export async function cniDel(cniPath: string, list: CniConfList, rt: CniRuntime, prevResult: unknown): Promise<void> {
  let first: unknown;
  for (const plugin of [...list.plugins].reverse()) {
    try {
      await execPlugin(cniPath, 'DEL', pluginStdin(list, plugin, rt, prevResult), plugin, rt);
    } catch (err) {
      first ??= err;
    }
  }
  if (first) throw first;
}

/** ADD the list in order; on failure what was added is deleted again, so nothing is left half-made. */
export async function cniAdd(cniPath: string, list: CniConfList, rt: CniRuntime): Promise<CniResult> {
  let prev: unknown;
  for (const [i, plugin] of list.plugins.entries()) {
    try {
      prev = await execPlugin(cniPath, 'ADD', pluginStdin(list, plugin, rt, prev), plugin, rt);
    } catch (err) {
      await cniDel(cniPath, { ...list, plugins: list.plugins.slice(0, i + 1) }, rt, prev).catch(() => undefined);
      throw err;
    }
  }
  return (prev ?? {}) as CniResult;
}
