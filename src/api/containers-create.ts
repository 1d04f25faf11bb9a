/**
 * `POST /containers/create`: the body as the client's API version meant it.
 * Older versions lacked some fields, so what they could not have meant is
 * dropped, and combinations newer versions refuse are refused here (moby's router does the same).
 */
import type { ContainerCreateRequest, HostConfig } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import type { Handler } from './exchange.js';
import { checkCreateBody } from './create-body.js';
import { readJson } from './request.js';
import { sendJson } from './response.js';
import { versionAtLeast } from '../util/versions.js';

const OPTION_TYPES = [
  ['VolumeOptions', 'volume'],
  ['BindOptions', 'bind'],
  ['TmpfsOptions', 'tmpfs'],
] as const;

function normalizeCreateRequest(body: ContainerCreateRequest, version: string): ContainerCreateRequest {
  const hostConfig: HostConfig = { ...body.HostConfig };
  // Before 1.25 the client removed the container itself.
  if (!versionAtLeast(version, '1.25')) hostConfig.AutoRemove = false;
  // Linux daemons ignored ConsoleSize before 1.42.
  if (!versionAtLeast(version, '1.42')) hostConfig.ConsoleSize = null;
  else {
    for (const m of hostConfig.Mounts ?? []) {
      for (const [field, type] of OPTION_TYPES) {
        if (m[field] && m.Type !== type) throw invalidArgument(`${field} must not be specified on mount type ${JSON.stringify(m.Type ?? '')}`);
      }
    }
  }
  if (!versionAtLeast(version, '1.43')) delete hostConfig.Annotations;
  // KernelMemory was removed in 1.42: newer clients' values are ignored.
  if (versionAtLeast(version, '1.42')) delete hostConfig.KernelMemory;
  // 0 and any negative value mean "unlimited", which is no limit at all.
  if (hostConfig.PidsLimit != null && hostConfig.PidsLimit <= 0) hostConfig.PidsLimit = null;
  return { ...body, HostConfig: hostConfig };
}

export const createContainer: Handler = async (ex) => {
  const body = await readJson<ContainerCreateRequest>(ex, { optional: false });
  if (body === undefined) throw invalidArgument('config cannot be empty in order to create a container');
  checkCreateBody(body);
  const name = ex.query.get('name') || undefined;
  sendJson(ex.res, 201, await ex.services.containers.create(name, normalizeCreateRequest(body, ex.version)));
};
