/**
 * The project's networks and volumes: made on `up` when missing (labelled as
 * Compose v2 labels them), checked when `external`, removed on `down`.
 */
import type { ApiClient } from '../../client/client.js';
import { isApiError } from '../../client/errors.js';
import { createNetwork, inspectNetwork, listNetworks, removeNetwork } from '../../client/networks.js';
import { createVolume, inspectVolume, listVolumes, removeVolume } from '../../client/volumes.js';
import { notFound } from '../../errdefs/index.js';
import { LABELS, type Project } from '../types.js';
import { networkLabels, projectFilter, volumeLabels } from './labels.js';
import type { Progress } from './progress.js';

const missing = (err: unknown): boolean => isApiError(err) && err.statusCode === 404;

async function networkExists(client: ApiClient, name: string): Promise<boolean> {
  try {
    await inspectNetwork(client, name);
    return true;
  } catch (err) {
    if (missing(err)) return false;
    throw err;
  }
}

export async function ensureNetworks(client: ApiClient, project: Project, keys: readonly string[], progress: Progress): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const n = project.networks[key];
      if (!n) return;
      if (n.external) {
        if (!(await networkExists(client, n.name))) throw notFound(`network ${n.name} declared as external, but could not be found`);
        return;
      }
      if (await networkExists(client, n.name)) return;
      progress.event('Network', n.name, 'Creating');
      await createNetwork(client, {
        Name: n.name,
        CheckDuplicate: true,
        Driver: n.driver ?? 'bridge',
        Options: n.driver_opts ?? null,
        Internal: n.internal ?? false,
        Attachable: n.attachable ?? false,
        EnableIPv6: n.enable_ipv6 ?? false,
        Labels: { ...(n.labels ?? {}), ...networkLabels(project, key) },
        IPAM: n.ipam
          ? { Driver: n.ipam.driver ?? 'default', Options: n.ipam.options ?? null, Config: (n.ipam.config ?? []).map((p) => ({ Subnet: p.subnet, IPRange: p.ip_range, Gateway: p.gateway, AuxiliaryAddresses: p.aux_addresses })) }
          : undefined,
      });
      progress.event('Network', n.name, 'Created');
    }),
  );
}

export async function ensureVolumes(client: ApiClient, project: Project, keys: readonly string[], progress: Progress, warn: (text: string) => void): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const v = project.volumes[key];
      if (!v) return;
      try {
        const found = await inspectVolume(client, v.name);
        if (!v.external && found.Labels?.[LABELS.project] !== project.name) {
          warn(`volume "${v.name}" already exists but was not created by Docker Compose. Use \`external: true\` to use an existing volume`);
        }
        return;
      } catch (err) {
        if (!missing(err)) throw err;
        if (v.external) throw notFound(`external volume "${v.name}" not found`);
      }
      progress.event('Volume', `"${v.name}"`, 'Creating');
      await createVolume(client, { Name: v.name, Driver: v.driver ?? 'local', DriverOpts: v.driver_opts, Labels: { ...(v.labels ?? {}), ...volumeLabels(project, key) } });
      progress.event('Volume', `"${v.name}"`, 'Created');
    }),
  );
}

/** The project's networks the engine has (found by label, so a renamed file's leftovers go too). */
export async function removeNetworks(client: ApiClient, project: Project, progress: Progress): Promise<void> {
  const found = await listNetworks(client, projectFilter(project.name));
  const external = new Set(Object.values(project.networks).filter((n) => n.external).map((n) => n.name));
  await Promise.all(
    found
      .filter((n) => !external.has(n.Name))
      .map(async (n) => {
        progress.event('Network', n.Name, 'Removing');
        try {
          await removeNetwork(client, n.Id);
        } catch (err) {
          if (!missing(err)) throw err;
        }
        progress.event('Network', n.Name, 'Removed');
      }),
  );
}

/** The project's volumes, found by label as the networks are; external ones never carry it. */
export async function removeVolumes(client: ApiClient, project: Project, progress: Progress): Promise<void> {
  const found = (await listVolumes(client, projectFilter(project.name))).Volumes ?? [];
  await Promise.all(
    found.map(async (v) => {
      progress.event('Volume', v.Name, 'Removing');
      try {
        await removeVolume(client, v.Name, false);
      } catch (err) {
        if (!missing(err)) throw err;
      }
      progress.event('Volume', v.Name, 'Removed');
    }),
  );
}
